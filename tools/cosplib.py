#!/usr/bin/env python3
"""Converts the 16 CoSPLib workbooks into confsched problem files, and the
authors' published solutions into confsched timetables.

Run from the repository root, with the peer data next to it:

    python3 tools/cosplib.py [../shared/peer-data] [--attendees] [--legacy DIR]

It writes problems/real/cosplib/<INSTANCE>.toml and, where the authors
published one, <INSTANCE>.authors-<exact|extended>.json. The attendee lists
(`[[attendees]]`, `[objective] attendee_missed`) are left out unless
`--attendees` asks for them, so that the committed files keep the
objectives of the tables in tools/README.md. With
`--legacy DIR` it writes the same files into DIR without any of the keys the
format extension adds. Before writing, every file is checked (ids, slot
references, the authors' timetables against every hard rule); the findings
are printed.

The mapping and every choice are in tools/README.md and in each file's
header. Reads .xlsx with zipfile + xml.etree (standard library only).
"""

import collections
import datetime as dt
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import confsched_files as cf  # noqa: E402

COMMIT = "1bf6b9b9ed447032c99a65790adef013825b9bc2"
HARD = 10_000  # an effective penalty (weight x value) this high is a hard rule
CAPACITY = 1000  # CoSPLib has no capacities: one large equal capacity, audience 0
INSTANCES = [
    "GECCO19", "GECCO20", "GECCO20Poster", "GECCO20Workshop", "GECCO21", "GECCO21Workshop",
    "GECCO22", "GECCO22Workshop", "GECCO23", "GECCO23Workshop", "ISF22", "N2OR", "OR60",
    "OR60F", "OR60F2", "OR60F3",
]
# Labels of the `parameters` sheet's weights column, in the sheet's order.
WEIGHTS = [
    "Tracks_Sessions|Penalty:", "Tracks_Rooms|Penalty:", "Sessions_Rooms|Penalty:",
    "Similar Tracks:", "Number of Rooms per Track:", "Parallel Tracks:", "Consecutive Tracks:",
    "Submissions_Timezones:", "Submissions Order:", "Submissions_Sessions|Penalty:",
    "Submissions_Rooms|Penalty:", "Presenters Conflicts:", "Attendees Conflicts:",
    "Chairs Conflicts:", "Presenters Conflicts Timeslot Level:",
    "Attendees Conflicts Timeslot Level:",
]

# ------------------------------------------------------------------ xlsx

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def read_xlsx(path):
    """{sheet name: rows}, each row a list of cell texts (None = empty)."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(f"{M}si"):
            shared.append("".join(t.text or "" for t in si.iter(f"{M}t")))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).find(f"{M}sheets"):
        target = rels[sheet.get(f"{R}id")]
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        cells = {}
        for c in ET.fromstring(z.read(part)).iter(f"{M}c"):
            m = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r"))
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            v, kind = c.find(f"{M}v"), c.get("t")
            if kind == "inlineStr":
                val = "".join(t.text or "" for t in c.iter(f"{M}t"))
            elif v is None:
                continue
            elif kind == "s":
                val = shared[int(v.text)]
            else:
                val = v.text
            if val is not None and val != "":
                cells[(int(m.group(2)) - 1, col - 1)] = val
        rows = []
        if cells:
            nr, nc = max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1
            rows = [[cells.get((r, c)) for c in range(nc)] for r in range(nr)]
        out[sheet.get("name")] = rows
    return out


def cell(row, i):
    return row[i] if i < len(row) else None


def integer(v):
    """A penalty or weight cell: empty = 0; must be a whole number."""
    if v is None:
        return 0
    f = float(v)
    assert f == int(f), v
    return int(f)


def matrix(rows):
    """{(row name, column name): value} of a penalty sheet (non-zero only)."""
    head = rows[0]
    out = {}
    for r in rows[1:]:
        for j, col in enumerate(head[1:], start=1):
            v = integer(cell(r, j))
            if v:
                out[(r[0], col)] = v
    return out


def slug(name):
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def natural(s):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s)]


def gmt(text):
    m = re.fullmatch(r"GMT([+-]\d+)", text.strip())
    assert m, text
    return int(m.group(1))


def minutes_of_day(v):
    return round(float(v) * 1440)


# -------------------------------------------------------------- instance


def once(dups, ref, names):
    """Names in first-seen order, each once; repeats are noted in `dups`."""
    out = []
    for n in names:
        if n and n in out:
            dups.append(f"{ref}: {n}")
        elif n:
            out.append(n)
    return out


def load(path):
    wb = read_xlsx(path)
    par = wb["parameters"]
    left = {i: (cell(r, 0), cell(r, 1)) for i, r in enumerate(par)}
    assert left[1][0] == "Local time zone:" and left[8][0] == "Penalty:" and left[10][0] == "Penalty:"
    weights = {cell(r, 3): integer(cell(r, 4)) for r in par[1:] if cell(r, 3)}
    assert list(weights) == WEIGHTS, list(weights)
    inst = {
        "local_tz": gmt(left[1][1]),
        "suitable": (minutes_of_day(left[3][1]), minutes_of_day(left[4][1])),
        "less": (minutes_of_day(left[6][1]), minutes_of_day(left[7][1])),
        "tz_small": integer(left[8][1]),
        "tz_big": integer(left[10][1]),
        "w": {k.rstrip(":"): v for k, v in weights.items()},
    }
    sessions = []
    for r in wb["sessions"][1:]:
        start, end, k = minutes_of_day(r[3]), minutes_of_day(r[4]), integer(r[1])
        date = dt.date(1899, 12, 30) + dt.timedelta(days=integer(r[2]))
        sessions.append({"name": r[0], "k": k, "date": date, "start": start, "end": end})
    inst["sessions"] = sessions
    inst["rooms"] = [r[0] for r in wb["rooms"][1:]]
    inst["tracks"] = [(r[0], [c for c in (cell(r, 1) or "").split(", ") if c]) for r in wb["tracks"][1:]]
    subs = wb["submissions"]
    head = subs[0]
    assert head[:7] == ["Reference", "Track", "Required Timeslots", "Order", "Time Zone",
                        "Presenters", "Attendees"], head[:7]
    snames = [s["name"] for s in sessions]
    assert head[7:7 + len(snames)] == snames
    assert sorted(head[7 + len(snames):]) == sorted(inst["rooms"])
    inst["subs"], inst["dups"] = [], []
    for r in subs[1:]:
        pen = {col: integer(cell(r, j)) for j, col in enumerate(head) if j >= 7}
        inst["subs"].append({
            "ref": r[0], "track": r[1], "parts": integer(r[2]), "order": integer(r[3]),
            "tz": gmt(r[4]),
            "presenters": once(inst["dups"], r[0], (cell(r, 5) or "").split(", ")),
            "attendees": once(inst["dups"], r[0], (cell(r, 6) or "").split(", ")),
            "sess_pen": {s: pen[s] for s in snames if pen[s]},
            "room_pen": {x: pen[x] for x in inst["rooms"] if pen[x]},
        })
    inst["track_sess"] = matrix(wb["tracks_sessions|penalty"])
    inst["track_room"] = matrix(wb["tracks_rooms|penalty"])
    inst["sess_room"] = matrix(wb["sessions_rooms|penalty"])
    sim = wb["similar tracks"]
    assert sim[0][1:] == [r[0] for r in sim[1:]]  # columns in the rows' order
    inst["similar"] = matrix(sim)
    return inst


def layout(inst):
    """Sessions -> (date, [slot minutes]); returns days, slot_minutes, notes."""
    notes, moved = [], []
    placed = collections.defaultdict(list)  # date -> [(start, end, name)]
    last_real = max(s["date"] for s in inst["sessions"])
    for s in inst["sessions"]:
        span = s["end"] - s["start"]
        if span >= s["k"]:
            s["slots"] = [s["start"] + i * span // s["k"] for i in range(s["k"])]
        else:  # shorter than a minute per timeslot: one-minute steps
            s["slots"] = [s["start"] + i for i in range(s["k"])]
            notes.append(f"{s['name']}: {s['k']} timeslots in {span} minutes are shorter than the "
                         f"format's one-minute resolution; its slots run one minute apart, so it "
                         f"ends at {cf.hhmm(s['slots'][-1] + 1)} instead of {cf.hhmm(s['end'])}.")
        end = max(s["end"], s["slots"][-1] + 1)
        date = s["date"]
        clash = [n for a, b, n in placed[date] if a < end and s["start"] < b]
        while any(a < end and s["start"] < b for a, b, _ in placed[date]):
            date = max(date, last_real) + dt.timedelta(days=1)
        if date != s["date"]:
            moved.append(f"{s['name']} (overlaps {clash[0]}) to {date}")
        placed[date].append((s["start"], end, s["name"]))
        s["day"] = date.isoformat()
        s["stop"] = end
    if moved:
        notes.append("Sessions that overlap an earlier one on the same date: CoSPLib treats every "
                     "session as a period of its own (its model never lets two sessions overlap), "
                     "so each is moved, times kept, to a day of its own after the last real day: "
                     + ", ".join(moved) + ".")
    gaps = []
    for s in inst["sessions"]:
        gaps += [b - a for a, b in zip(s["slots"], s["slots"][1:])] + [s["stop"] - s["slots"][-1]]
    slot_minutes = min(gaps)
    days = []
    for date in sorted({s["day"] for s in inst["sessions"]}):
        ss = sorted((s for s in inst["sessions"] if s["day"] == date), key=lambda s: s["start"])
        breaks = [("Break", a["stop"], b["start"]) for a, b in zip(ss, ss[1:])]
        assert all(a < b for _, a, b in breaks), date
        days.append({"date": date, "slots": [m for s in ss for m in s["slots"]], "breaks": breaks})
    return days, slot_minutes, notes


def tz_penalty(inst, s, tz):
    """CoSPLib's time-zone penalty of a session for a presenter in GMT+tz:
    the session's start and end in the presenter's local time (dates
    dropped) against the suitable and less suitable windows."""
    shift = (tz - inst["local_tz"]) * 60
    a, b = (s["start"] + shift) % 1440, (s["end"] + shift) % 1440
    (sf, st), (lf, lt) = inst["suitable"], inst["less"]
    if a < lf or b > lt or b < lf:
        return inst["tz_big"]
    if lf <= a < sf or st < b <= lt:
        return inst["tz_small"]
    return 0


def convert(name, inst, with_attendees=False):
    w = inst["w"]
    days, slot_minutes, time_notes = layout(inst)
    sess = {s["name"]: s for s in inst["sessions"]}
    snames = [s["name"] for s in inst["sessions"]]
    slots_of = {n: {(s["day"], m) for m in s["slots"]} for n, s in sess.items()}
    room_id = {r: slug(r) for r in inst["rooms"]}
    track_id = {t: slug(t) for t, _ in inst["tracks"]}
    assert len(set(room_id.values())) == len(room_id) and len(set(track_id.values())) == len(track_id)
    assert all(room_id.values()) and all(track_id.values())
    tnames = [t for t, _ in inst["tracks"]]
    subs = inst["subs"]
    by_track = collections.defaultdict(list)
    for s in subs:
        by_track[s["track"]].append(s)
    ignored, unrep, notes = [], [], list(time_notes)
    if inst["dups"]:
        notes.append("a name listed twice in one submission's Presenters/Attendees is kept once: "
                     + ", ".join(inst["dups"]))

    def sess_refs(names, dont_care=()):
        want = set().union(*(slots_of[n] for n in names)) if names else set()
        dc = set().union(*(slots_of[n] for n in dont_care)) if dont_care else set()
        return cf.compress(days, want, dc)

    def weighted(term, values):
        """{key: effective penalty} of a matrix under its weight (0 = ignored)."""
        if not values:
            return {}
        if w[term] == 0:
            ignored.append(f"{term}: {len(values)} non-empty cells, weight 0 (CoSPLib ignores them)")
            return {}
        return {k: w[term] * v for k, v in values.items()}

    # --- rooms: sessions x rooms
    sr = weighted("Sessions_Rooms|Penalty", inst["sess_room"])
    room_unavail = collections.defaultdict(list)
    soft_sr = []
    for (sn, rn), v in sorted(sr.items(), key=lambda kv: (snames.index(kv[0][0]), kv[0][1])):
        if v >= HARD:
            room_unavail[rn].append(sn)
        else:
            soft_sr.append(f"{rn} in {sn} ({v})")
    if soft_sr:
        unrep.append("soft room unavailability (Sessions_Rooms below 10,000; confsched has no soft "
                      "room-time preference): " + ", ".join(soft_sr))
    rooms = [{"id": room_id[r], "name": r, "capacity": CAPACITY,
              "unavailable": sess_refs(room_unavail[r])} for r in inst["rooms"]]

    # --- talk x session: submissions' own penalties + time zones (+ track's hard ones)
    ts = weighted("Tracks_Sessions|Penalty", inst["track_sess"])
    if w["Submissions_Sessions|Penalty"] == 0 and any(s["sess_pen"] for s in subs):
        ignored.append("Submissions_Sessions|Penalty: weight 0 (CoSPLib ignores the cells)")
    if w["Submissions_Rooms|Penalty"] and any(s["room_pen"] for s in subs):
        unrep.append("Submissions_Rooms penalties (no per-talk room preference in the format)")
    elif any(s["room_pen"] for s in subs):
        ignored.append("Submissions_Rooms|Penalty: weight 0")
    tz_used = w["Submissions_Timezones"] > 0 and any(s["tz"] != inst["local_tz"] for s in subs)
    if not w["Submissions_Timezones"] and any(s["tz"] != inst["local_tz"] for s in subs):
        ignored.append("Submissions_Timezones: presenters in other time zones, weight 0")
    eff, hard, hard_own, fits = {}, {}, {}, {}
    impossible = []
    tz_stats = collections.Counter()
    for s in subs:
        fits[s["ref"]] = [n for n in snames if sess[n]["k"] >= s["parts"]]
        e = {}
        for n in snames:
            v = w["Submissions_Sessions|Penalty"] * s["sess_pen"].get(n, 0)
            if tz_used:
                p = tz_penalty(inst, sess[n], s["tz"])
                tz_stats[p] += 1
                v += w["Submissions_Timezones"] * p
            e[n] = v
        eff[s["ref"]] = e
        own = {n for n in fits[s["ref"]] if e[n] >= HARD}
        trk = {n for n in fits[s["ref"]] if ts.get((s["track"], n), 0) >= HARD}
        if own | trk == set(fits[s["ref"]]):
            impossible.append(s["ref"])
        hard[s["ref"]], hard_own[s["ref"]] = own | trk, own
    assert not impossible, f"{name}: talks with no allowed session: {impossible}"

    # --- speakers: sessions that the submissions' own penalties forbid for
    # every talk of a presenter (the track's hard sessions stay on the talks)
    talks_of = collections.defaultdict(list)
    for s in subs:
        for p in s["presenters"]:
            talks_of[p].append(s["ref"])
    spk_unavail = {}
    for p, refs in talks_of.items():
        common = set.intersection(*(hard_own[r] for r in refs))
        if common:
            spk_unavail[p] = common

    # --- tracks
    tr = weighted("Tracks_Rooms|Penalty", inst["track_room"])
    tracks, ordered_stats, single_orders = [], [], []
    after = collections.defaultdict(list)
    order_w = w["Submissions Order"]
    if not order_w and any(s["order"] for s in subs):
        ignored.append("Submissions Order: orders given, weight 0")
    soft_order = 0 < order_w < HARD
    if soft_order and any(s["order"] for s in subs):
        n_ordered = len({s["track"] for s in subs if s["order"]})
        unrep.append(f"Submissions Order (weight {order_w}, below 10,000, so SOFT): CoSPLib charges "
                     "the weight once per ordered submission not at its position in its track and "
                     "once per pair of ordered submissions of a track in parallel; the format has "
                     f"only a hard `order`, so the Orders of {n_ordered} tracks are left out")
        order_w = 0
    for t in tnames:
        entry = {"id": track_id[t], "name": t.strip()}
        pen = {r: tr.get((t, r), 0) for r in inst["rooms"]}
        allowed = [r for r in inst["rooms"] if pen[r] < HARD]
        assert allowed, t
        if len(allowed) < len(inst["rooms"]):
            entry["only_rooms"] = [room_id[r] for r in allowed]
        if len({pen[r] for r in allowed}) > 1:
            best = min(pen[r] for r in allowed)
            entry["rooms"] = [room_id[r] for r in allowed if pen[r] == best]
        spen = {n: ts.get((t, n), 0) for n in snames}
        ok = [n for n in snames if spen[n] < HARD]
        if len({spen[n] for n in ok}) > 1:
            best = min(spen[n] for n in ok)
            entry["prefer"] = sess_refs([n for n in ok if spen[n] == best],
                                        [n for n in snames if spen[n] >= HARD])
        if order_w:
            ordered = sorted((s for s in by_track[t] if s["order"]), key=lambda s: s["order"])
            if len(ordered) >= 2:
                entry["order"] = [s["ref"] for s in ordered]
            if ordered:
                # Order = position in the track: the unordered talks lie between
                # the leading run 1..j and the trailing run m+1..n of positions.
                n = len(by_track[t])
                pos = {s["order"]: s["ref"] for s in ordered}
                assert len(pos) == len(ordered), t
                if sorted(pos) != list(range(1, n + 1)):
                    ordered_stats.append(f"{t.strip()} {sorted(pos)} of {n}")
                j = 0
                while j + 1 in pos:
                    j += 1
                m = n
                while m in pos and m > j:
                    m -= 1
                loose = [s["ref"] for s in by_track[t] if not s["order"]]
                if loose and j:
                    for x in loose:
                        after[x].append(pos[j])
                if loose and m < n:
                    after[pos[m + 1]].extend(loose)
                middle = [k for k in sorted(pos) if j < k <= m]
                if middle and loose:
                    single_orders.append(f"{t.strip()}: {middle} of {n}")
        tracks.append(entry)
    if single_orders:
        unrep.append("Order positions that are neither in the leading run 1, 2, ... nor in the "
                     "trailing run ..., n-1, n of a track (kept only as the relative order): "
                     + "; ".join(single_orders))

    # --- talks
    talks = []
    avoid_count = 0
    for s in subs:
        r = s["ref"]
        t = {"id": r, "title": r, "speakers": s["presenters"], "audience": 0, "parts": s["parts"],
             "track": track_id[s["track"]]}
        rest = hard[r] - set().union(*(spk_unavail.get(p, set()) for p in s["presenters"]))
        un = sess_refs(sorted(rest, key=snames.index))
        only = sess_refs([n for n in snames if n not in rest])
        if rest:
            if len(only) < len(un):
                t["only"] = only
            else:
                t["unavailable"] = un
        if after.get(r):
            t["after"] = after[r]
        # CoSPLib counts these penalties once per occupied timeslot, as
        # `avoid` counts occupied slots.
        ok = [n for n in fits[r] if n not in hard[r]]
        if len({eff[r][n] for n in ok}) > 1:
            best = min(eff[r][n] for n in ok)
            t["avoid"] = sess_refs([n for n in ok if eff[r][n] > best],
                                   [n for n in snames if n not in ok])
            avoid_count += 1
        talks.append(t)
    speakers = [{"name": p, "unavailable": sess_refs(sorted(spk_unavail[p], key=snames.index))}
                for p in sorted(spk_unavail, key=natural)]

    # --- conflicts: similar tracks, chairs
    conflicts = []
    sim = weighted("Similar Tracks", inst["similar"])
    diag = [a.strip() for (a, b) in sim if a == b]
    if diag:
        ignored.append("Similar Tracks: a track marked similar to itself (CoSPLib skips the diagonal): "
                       + ", ".join(diag))
    pairs = {}
    for (a, b), v in sim.items():
        if a != b:
            key = tuple(sorted((a, b), key=tnames.index))
            assert key not in pairs or pairs[key] == v, key
            pairs[key] = v
    for (a, b), v in sorted(pairs.items(), key=lambda kv: (tnames.index(kv[0][0]), tnames.index(kv[0][1]))):
        c = {"tracks": [track_id[a], track_id[b]]}
        c.update({"hard": True} if v >= HARD else {"weight": v})
        conflicts.append(c)
    n_sim = len(conflicts)
    chairs = collections.defaultdict(list)
    for t, cs in inst["tracks"]:
        for c in cs:
            chairs[c].append(t)
    if chairs and not w["Chairs Conflicts"]:
        ignored.append("Chairs Conflicts: chairs given, weight 0")
    chair_groups = []
    if w["Chairs Conflicts"]:
        for c in sorted(chairs, key=natural):
            mine = chairs[c]
            elsewhere = [s["ref"] for s in subs if s["track"] not in mine
                         and (c in s["presenters"] or c in s["attendees"])]
            if len(mine) >= 2 or elsewhere:
                g = {"talks": elsewhere, "tracks": [track_id[t] for t in mine]}
                g.update({"hard": True} if w["Chairs Conflicts"] >= HARD else {"weight": w["Chairs Conflicts"]})
                conflicts.append(g)
                chair_groups.append(f"{c}: tracks {', '.join(t.strip() for t in mine)}"
                                    + (f"; talks {', '.join(elsewhere)}" if elsewhere else ""))

    # --- attendees
    people = collections.defaultdict(list)
    for s in subs:
        for a in s["attendees"]:
            people[a].append(s["ref"])
    attendees = []
    for a in sorted(people, key=natural):
        wants = [s["ref"] for s in subs if a in s["attendees"] or a in s["presenters"]]
        attendees.append({"id": a, "wants": wants})
    att_w = w["Attendees Conflicts Timeslot Level"] or w["Attendees Conflicts"]

    objective = {
        "empty_seats": 0,
        "track_clash": w["Parallel Tracks"],
        "track_rooms": w["Number of Rooms per Track"],
        "track_gaps": w["Consecutive Tracks"],
        "preferences": 1,
        "conflicts": 1,
    }
    n_attendees = len(attendees)
    if with_attendees:
        objective["attendee_missed"] = att_w
    else:
        attendees = []
    problem = {
        "event": {"name": f"CoSPLib {name}", "timezone": etc_zone(inst["local_tz"]),
                  "slot_minutes": slot_minutes},
        "days": days, "rooms": rooms, "tracks": tracks, "talks": talks, "speakers": speakers,
        "conflicts": conflicts, "attendees": attendees, "objective": objective,
    }
    stats = {
        "hard_talks": sum(1 for t in talks if t.get("only") or t.get("unavailable")),
        "spk": len(speakers), "avoid": avoid_count,
        "track_prefer": sum(1 for t in tracks if t.get("prefer")),
        "only_rooms": sum(1 for t in tracks if t.get("only_rooms")),
        "rooms": sum(1 for t in tracks if t.get("rooms")),
        "room_unavail": sum(1 for r in rooms if r["unavailable"]),
        "orders": sum(1 for t in tracks if t.get("order")),
        "after": len(after), "sim": n_sim,
        "sim_hard": sum(1 for c in conflicts[:n_sim] if c.get("hard")),
        "chairs": chair_groups, "attendees": n_attendees, "with_attendees": with_attendees,
        "att_w": att_w, "tz": tz_stats,
        "ordered": ordered_stats,
    }
    problem["header"] = header(name, inst, problem, stats, ignored, unrep, notes)
    return problem


def etc_zone(off):
    """IANA name of a whole-hour offset (the Etc/ zones invert the sign)."""
    return "Etc/GMT" if off == 0 else f"Etc/GMT{-off:+d}"


def header(name, inst, p, st, ignored, unrep, notes):
    """The file's comment header: source, licence, every mapping choice.
    Each entry is one paragraph; bullets are wrapped at 96 columns."""
    w = inst["w"]
    subs = inst["subs"]
    parts = collections.Counter(s["parts"] for s in subs)
    presenters = {x for s in subs for x in s["presenters"]}
    wt = lambda k: f"weight {w[k]}"  # noqa: E731
    sm = p["event"]["slot_minutes"]
    lines = [
        f"CoSPLib {name}: {len(subs)} submissions in {len(inst['tracks'])} tracks, "
        f"{len(inst['sessions'])} sessions over {len(p['days'])} days, {len(inst['rooms'])} rooms.",
        "",
        f"Source: shared/peer-data/cosplib/Dataset/{name}.xlsx, byte-identical to "
        f"ahmedkheiri/CoSPLib @ {COMMIT[:8]} ({COMMIT}), Dataset/{name}.xlsx.",
        "Licence: MIT, Copyright (c) Ahmed Kheiri, Peter Jacko, Yaroslav Pylyavskyy. Please cite "
        "Kheiri, Pylyavskyy, Jacko (2025), CoSPLib, GECCO '25 Companion, doi:10.1145/3712255.3726570, "
        "and Pylyavskyy, Jacko, Kheiri (2024), EJOR 317(2):487-499, doi:10.1016/j.ejor.2024.04.001.",
        "Converted by tools/cosplib.py (the general mapping is in tools/README.md).",
        "",
        "Time:",
        f"- slot_minutes = {sm}, the shortest timeslot. Each CoSPLib timeslot is one slot, starting "
        "at session start + i x session length / timeslots (rounded down to the minute); longer "
        "timeslots leave a changeover, and a timetable's `end` is start + slot_minutes.",
        "- A break named \"Break\" lies between every two sessions of a day, so no talk spans two "
        "sessions. Dates are the workbook's (Excel serials, placeholders in most instances).",
        f"- timezone = {p['event']['timezone']}, the workbook's local time zone "
        f"GMT{inst['local_tz']:+d} (used by calendar exports only).",
        "- Sessions (name: date, time, timeslots -> slots):",
    ]
    for s in inst["sessions"]:
        lines.append(f"    {s['name']}: {s['day']} {cf.hhmm(s['start'])}-{cf.hhmm(s['end'])}, "
                     f"{s['k']} -> {', '.join(cf.hhmm(m) for m in s['slots'][:10])}"
                     + (", ..." if len(s["slots"]) > 10 else ""))
    lines += [f"- {n}" for n in notes]
    lines += [
        "",
        f"Rooms: {len(inst['rooms'])}, id = the name as a slug. CoSPLib has no capacities: every room "
        f"seats {CAPACITY}, every talk has audience 0, and [objective] empty_seats = 0.",
        f"Talks: one per submission; id and title = its Reference; parts = Required Timeslots "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(parts.items()))}); speakers = Presenters "
        f"({len(presenters) or 'none given'}); track = the Track as a slug, each declared in "
        "[[tracks]] with its name.",
        "",
        "Penalties. Effective penalty = the parameter's weight x the cell; 10,000 and up is HARD, "
        "below is SOFT, weight 0 is ignored (as CoSPLib does):",
        f"- Submissions_Sessions ({wt('Submissions_Sessions|Penalty')}) plus Submissions_Timezones "
        f"({wt('Submissions_Timezones')}), per talk and session. HARD: the speaker's `unavailable` "
        "where every talk of that presenter has it, else the talk's `unavailable` (or `only`, "
        "whichever is shorter). SOFT: the talk's `avoid` = its allowed sessions dearer than its "
        "cheapest (CoSPLib counts these penalties per occupied timeslot, as `avoid` counts "
        f"occupied slots). {st['spk']} speakers with unavailable sessions, {st['avoid']} talks "
        "with avoid.",
    ]
    if st["tz"]:
        lines.append("  Time-zone penalty (CoSPLib's suitable/less suitable windows, per talk and "
                     "session), count by value: "
                     + ", ".join(f"{k}: {v}" for k, v in sorted(st["tz"].items())) + ".")
    lines += [
        f"- Tracks_Sessions ({wt('Tracks_Sessions|Penalty')}). HARD: every talk of the track gets the "
        f"sessions in `unavailable` (or `only`). SOFT: track `prefer` = its cheapest sessions "
        "(CoSPLib counts once per session and room the track uses; `prefer` once per talk, the "
        "nearest). "
        f"{st['hard_talks']} talks with unavailable/only, {st['track_prefer']} tracks with prefer.",
        f"- Tracks_Rooms ({wt('Tracks_Rooms|Penalty')}). HARD: track `only_rooms` = the other rooms "
        f"({st['only_rooms']} tracks). SOFT: track `rooms` = its cheapest allowed rooms "
        f"({st['rooms']} tracks).",
        f"- Sessions_Rooms ({wt('Sessions_Rooms|Penalty')}). HARD: room `unavailable` "
        f"({st['room_unavail']} rooms).",
        f"- Similar Tracks ({wt('Similar Tracks')}): one [[conflicts]] per pair, tracks = [a, b], "
        f"weight = the effective penalty, or hard = true; {st['sim']} pairs, {st['sim_hard']} hard. "
        "Two talks of the same track are also two members of such a group.",
        f"- Chairs Conflicts ({wt('Chairs Conflicts')}): one [[conflicts]] per chair of two or more "
        "tracks or who presents or attends a talk of another track (tracks = the chaired ones, "
        f"talks = those others); {len(st['chairs'])} groups"
        + (": " + "; ".join(st["chairs"]) if st["chairs"] else "") + ".",
        f"- Submissions Order ({wt('Submissions Order')}): when the weight is 10,000 or more, HARD: track "
        "`order` = its talks with an Order, by Order; and as CoSPLib's Order is the position in "
        "the track, its talks without one come `after` the last talk of the leading run of positions "
        "1, 2, ..., j, and the first talk of the trailing run ..., n-1, n (n = the track's size) "
        f"comes `after` them. {st['orders']} tracks with order, {st['after']} talks with after.",
    ]
    if st["ordered"]:
        lines.append("  Tracks where only some talks have an Order (positions of n): "
                     + "; ".join(st["ordered"]) + ".")
    if st["with_attendees"]:
        lines += [
            f"- Attendees: {st['attendees']} [[attendees]], id = the name; wants = the submissions "
            "naming them as attendee plus those they present (written because of --attendees: "
            "[[attendees]] and attendee_missed are not in the format yet).",
            "- [objective]: track_clash = Parallel Tracks, track_rooms = Number of Rooms per Track, "
            "track_gaps = Consecutive Tracks, attendee_missed = Attendees Conflicts Timeslot Level "
            "(else Attendees Conflicts), preferences = 1, conflicts = 1 (the weights are in the "
            "groups).",
        ]
    else:
        lines += [
            f"- Attendees: left out ({st['attendees']} named; Attendees Conflicts weight "
            f"{st['att_w']}): [[attendees]] and [objective] attendee_missed are not in the format "
            "yet; `tools/cosplib.py --attendees` writes them.",
            "- [objective]: track_clash = Parallel Tracks, track_rooms = Number of Rooms per Track, "
            "track_gaps = Consecutive Tracks, preferences = 1, conflicts = 1 (the weights are in "
            "the groups).",
        ]
    lines += [
        f"- Presenters Conflicts ({wt('Presenters Conflicts')}; timeslot level "
        f"{wt('Presenters Conflicts Timeslot Level')}): no weight here, a speaker in two talks at "
        "once is always forbidden (per slot).",
    ]
    if ignored:
        lines += ["", "Ignored (weight 0, or skipped by CoSPLib itself):"] + [f"- {x}" for x in ignored]
    lines += [
        "", "Not represented:",
        "- CoSPLib assigns one track per session and room; here a room may mix tracks in a session.",
        "- Soft penalty sizes: every unmet preference costs 1 `preferences` unit, whatever "
        "CoSPLib's penalty; and CoSPLib counts track penalties per session and room, not per talk.",
        "- Presenters' and attendees' conflicts at session level (two talks of one person in one "
        "session, different rooms); here they are per slot.",
    ]
    lines += [f"- {x}" for x in unrep]
    return cf.comment(lines)


# -------------------------------------------------------------- solutions


def solution(path, inst, problem):
    """The `sol` sheet -> [(talk, date, [minutes], room)], the objective it
    states, and notes on anything inconsistent with the instance."""
    wb = read_xlsx(path)
    rows = wb["sol"]
    rooms = rows[0][1:]
    assert sorted(rooms) == sorted(inst["rooms"]), path
    blank = next(i for i, r in enumerate(rows) if i and all(v is None for v in r))
    grid = {(r[0], rooms[j]): v for r in rows[1:blank] for j, v in enumerate(r[1:]) if v}
    sess = {s["name"]: s for s in inst["sessions"]}
    subs = {s["ref"]: s for s in inst["subs"]}
    seen = collections.Counter()
    place = collections.defaultdict(list)
    for r in rows[blank + 1:]:
        if not r or r[0] is None:
            continue
        i = seen[r[0]]
        seen[r[0]] += 1
        for j, v in enumerate(r[1:]):
            if v:
                place[v].append((r[0], rooms[j], i))
    notes = []
    entries = []
    for ref, ps in place.items():
        if ref not in subs:
            notes.append(f"unknown submission {ref}")
            continue
        sn, rn = ps[0][0], ps[0][1]
        idx = [i for _, _, i in ps]
        if {(a, b) for a, b, _ in ps} != {(sn, rn)} or idx != list(range(idx[0], idx[0] + len(idx))):
            notes.append(f"{ref} split over {ps}")
        if len(idx) != subs[ref]["parts"]:
            notes.append(f"{ref}: {len(idx)} timeslots, needs {subs[ref]['parts']}")
        if grid.get((sn, rn)) != subs[ref]["track"]:
            notes.append(f"{ref} ({subs[ref]['track']}) in {sn}/{rn} whose track is {grid.get((sn, rn))}")
        s = sess[sn]
        entries.append((ref, s["day"], [s["slots"][i] for i in idx], slug(rn)))
    missing = sorted(set(subs) - set(place))
    if missing:
        notes.append(f"{len(missing)} submissions not placed: {', '.join(missing[:5])}")
    vio = wb["violations"]
    m = re.fullmatch(r"Objective Value = (\d+)", (vio[1][0] or "").strip())
    return entries, int(m.group(1)) if m else None, notes


def why_broken(inst, entries, bad):
    """Which hard rule each kind of violation of an authors' solution
    breaks, traced back to the workbook's cells."""
    w = inst["w"]
    subs = {s["ref"]: s for s in inst["subs"]}
    session_at = {(s["day"], m): s["name"] for s in inst["sessions"] for m in s["slots"]}
    where = {ref: session_at[(day, ms[0])] for ref, day, ms, _ in entries}
    out = []
    for kind, cases in sorted(bad.items()):
        if kind != "talk unavailable":
            out.append(f"{kind}: {len(cases)} ({', '.join(cases[:3])})")
            continue
        causes = collections.defaultdict(list)
        for ref in cases:
            s = subs[ref]
            cell = inst["track_sess"].get((s["track"], where[ref]), 0)
            if w["Tracks_Sessions|Penalty"] * cell >= HARD:
                causes[(f"track {s['track'].strip()}'s Tracks_Sessions cell {cell:,} x weight "
                        f"{w['Tracks_Sessions|Penalty']}", where[ref])].append(ref)
            else:
                causes[("the submission's Submissions_Sessions/Timezones penalty", where[ref])].append(ref)
        for (why, session), refs in sorted(causes.items()):
            out.append(f"{', '.join(refs)} in session {session}, which {why} forbids")
    return out


def main():
    args = sys.argv[1:]
    legacy_dir = None
    with_attendees = "--attendees" in args
    if with_attendees:
        args.remove("--attendees")
    if "--legacy" in args:
        i = args.index("--legacy")
        legacy_dir = Path(args[i + 1])
        del args[i:i + 2]
    peer = Path(args[0] if args else "../shared/peer-data") / "cosplib"
    out = legacy_dir or Path("problems/real/cosplib")
    failed = False
    for name in INSTANCES:
        inst = load(peer / "Dataset" / f"{name}.xlsx")
        problem = convert(name, inst, with_attendees)
        errs = cf.check_problem(problem)
        print(f"{name}: {len(problem['talks'])} talks; self-check: {'ok' if not errs else errs[:5]}")
        failed |= bool(errs)
        target = cf.legacy(problem) if legacy_dir else problem
        timetables, broken = [], []
        for model in ("Exact", "Extended"):
            path = peer / "Solutions" / f"{model} Model" / f"{name}Solution.xlsx"
            if not path.exists():
                continue
            entries, objective, notes = solution(path, inst, problem)
            bad = cf.check_timetable(problem, entries)
            print(f"  authors {model.lower()}: Objective Value = {objective}; "
                  f"{len(entries)} placed; notes: {notes or 'none'}")
            for line in cf.summarize(bad):
                print(f"    hard rules: {line}")
            if bad:
                broken.append(f"- {name}.authors-{model.lower()}.json (Objective Value {objective}) "
                              + "; ".join(why_broken(inst, entries, bad)) + ".")
            timetables.append((out / f"{name}.authors-{model.lower()}.json", entries))
        if broken:
            target["header"] += cf.comment([
                "",
                "The authors' solutions break hard rules of this instance (confsched verify refuses "
                "them; they are kept as published; tools/README.md, Validation, says why):",
            ] + broken)
        cf.write_problem(out / f"{name}.toml", target)
        for path, entries in timetables:
            cf.write_timetable(path, target, entries)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
