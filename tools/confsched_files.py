"""Shared by the benchmark converters (cosplib.py, itc2007.py, slotmachine.py).

A converter builds a problem as plain dicts and lists (the shape is
documented at `write_problem`), then this module writes it as a confsched
problem file (TOML) and writes timetables as confsched timetable JSON. It
also checks, without confsched, that every id and slot reference in a problem
exists (`check_problem`) and that a timetable keeps every hard rule,
including the keys confsched does not parse yet (`check_timetable`).

`legacy(problem)` drops every key that the format extension adds ([[tracks]],
[[conflicts]], [[attendees]], talks' after/plenary/prefer/avoid, speakers'
prefer/avoid and the new [objective] weights), so the rest can be checked
with the current `confsched check` and `confsched verify`.

Python standard library only; deterministic (the caller sorts, this module
keeps the order it is given).
"""

import collections
import copy
import json
import re
import textwrap
from pathlib import Path

NEW_TALK_KEYS = ("after", "plenary", "prefer", "avoid")
NEW_SPEAKER_KEYS = ("prefer", "avoid")
NEW_OBJECTIVE_KEYS = ("track_rooms", "track_gaps", "preferences", "conflicts", "attendee_missed")
LINE = 100  # wrap lists longer than this


def q(s):
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(s, ensure_ascii=False)


def hhmm(m):
    return f"{m // 60:02d}:{m % 60:02d}"


def ref(date, minute):
    """A full slot reference; valid in one-day and multi-day events alike."""
    return f"{date} {hhmm(minute)}"


def compress(days, wanted, dont_care=frozenset()):
    """Slot references for the (date, minute) pairs in `wanted`, a bare date
    where every slot of that day is wanted or does not matter (and at least
    one is wanted). `days` is the problem's day list."""
    out = []
    for d in days:
        here = [(d["date"], s) for s in d["slots"]]
        hit = [x for x in here if x in wanted]
        if not hit:
            continue
        if all(x in wanted or x in dont_care for x in here):
            out.append(d["date"])
        else:
            out.extend(ref(*x) for x in hit)
    return out


def comment(lines, width=96):
    """A file header: each entry is one paragraph, wrapped, a bullet's
    continuation lines indented under its text; every line starts '# '."""
    out = []
    for x in lines:
        lead = re.match(r"\s*(- )?", x).group(0)
        sub = " " * len(lead) + ("  " if lead.strip() == "" and lead else "")
        out += textwrap.wrap(x, width, subsequent_indent=sub, break_on_hyphens=False,
                             break_long_words=False) or [""]
    return "".join(f"# {x}".rstrip() + "\n" for x in out)


def toml_list(key, items, indent=""):
    """`key = [...]`, wrapped over several lines when long."""
    parts = [q(x) if isinstance(x, str) else str(x) for x in items]
    one = f"{indent}{key} = [" + ", ".join(parts) + "]"
    if len(one) <= LINE:
        return one
    lines, cur = [], ""
    for p in parts:
        if cur and len(indent) + 2 + len(cur) + len(p) + 2 > LINE:
            lines.append(indent + "  " + cur.rstrip())
            cur = ""
        cur += p + ", "
    if cur:
        lines.append(indent + "  " + cur.rstrip())
    return f"{indent}{key} = [\n" + "\n".join(lines) + f"\n{indent}]"


def legacy(problem):
    """A copy without the keys that confsched does not parse yet."""
    p = copy.deepcopy(problem)
    p["tracks"], p["conflicts"], p["attendees"] = [], [], []
    for t in p["talks"]:
        for k in NEW_TALK_KEYS:
            t.pop(k, None)
    speakers = []
    for s in p.get("speakers", []):
        for k in NEW_SPEAKER_KEYS:
            s.pop(k, None)
        if s.get("unavailable"):
            speakers.append(s)
    p["speakers"] = speakers
    p["objective"] = {k: v for k, v in p.get("objective", {}).items() if k not in NEW_OBJECTIVE_KEYS}
    return p


def write_problem(path, problem):
    """problem: {
      header: str (comment lines, each starting with '#'),
      event: {name, timezone, slot_minutes},
      days: [{date, slots: [minutes], breaks: [(name, start, end)]}],
      rooms: [{id, name, capacity, building?, features?, unavailable?}],
      tracks: [{id, name?, rooms?, only_rooms?, prefer?, avoid?, order?}],
      talks: [{id, title, speakers, audience, parts?, track?, needs?,
               fixed?: {slot?, room?}, only?, unavailable?, after?, plenary?,
               prefer?, avoid?}],
      speakers: [{name, unavailable?, prefer?, avoid?}],
      conflicts: [{talks?, tracks?, hard?: True, weight?: int}],
      attendees: [{id?, wants}],
      objective: {weight name: int}}
    Slot lists are written as given (slot references)."""
    w = [problem["header"].rstrip("\n") + "\n"]
    ev = problem["event"]
    w += ["[event]", f"name = {q(ev['name'])}", f"timezone = {q(ev['timezone'])}",
          f"slot_minutes = {ev['slot_minutes']}", ""]
    for d in problem["days"]:
        w += ["[[days]]", f"date = {q(d['date'])}", toml_list("slots", [hhmm(s) for s in d["slots"]])]
        if d.get("breaks"):
            bs = [f"{{ name = {q(n)}, start = {q(hhmm(a))}, end = {q(hhmm(b))} }}" for n, a, b in d["breaks"]]
            one = "breaks = [" + ", ".join(bs) + "]"
            w.append(one if len(one) <= LINE else "breaks = [\n" + "".join(f"  {b},\n" for b in bs) + "]")
        w.append("")
    for r in problem["rooms"]:
        w += ["[[rooms]]", f"id = {q(r['id'])}"]
        if r.get("name", r["id"]) != r["id"]:
            w.append(f"name = {q(r['name'])}")
        if r.get("building"):
            w.append(f"building = {q(r['building'])}")
        w.append(f"capacity = {r['capacity']}")
        for k in ("features", "unavailable"):
            if r.get(k):
                w.append(toml_list(k, r[k]))
        w.append("")
    for t in problem.get("tracks", []):
        w += ["[[tracks]]", f"id = {q(t['id'])}"]
        if t.get("name") and t["name"] != t["id"]:
            w.append(f"name = {q(t['name'])}")
        for k in ("rooms", "only_rooms", "prefer", "avoid", "order"):
            if t.get(k):
                w.append(toml_list(k, t[k]))
        w.append("")
    for t in problem["talks"]:
        w += ["[[talks]]", f"id = {q(t['id'])}"]
        if t.get("title", t["id"]) != t["id"]:
            w.append(f"title = {q(t['title'])}")
        w.append(toml_list("speakers", t["speakers"]))
        w.append(f"audience = {t['audience']}")
        if t.get("parts", 1) != 1:
            w.append(f"parts = {t['parts']}")
        if t.get("track"):
            w.append(f"track = {q(t['track'])}")
        if t.get("needs"):
            w.append(toml_list("needs", t["needs"]))
        if t.get("fixed"):
            w.append("fixed = { " + ", ".join(f"{k} = {q(v)}" for k, v in t["fixed"].items()) + " }")
        for k in ("only", "unavailable", "after"):
            if t.get(k):
                w.append(toml_list(k, t[k]))
        if t.get("plenary"):
            w.append("plenary = true")
        for k in ("prefer", "avoid"):
            if t.get(k):
                w.append(toml_list(k, t[k]))
        w.append("")
    for s in problem.get("speakers", []):
        w += ["[[speakers]]", f"name = {q(s['name'])}"]
        for k in ("unavailable", "prefer", "avoid"):
            if s.get(k):
                w.append(toml_list(k, s[k]))
        w.append("")
    for c in problem.get("conflicts", []):
        w.append("[[conflicts]]")
        for k in ("talks", "tracks"):
            if c.get(k):
                w.append(toml_list(k, c[k]))
        w.append("hard = true" if c.get("hard") else f"weight = {c['weight']}")
        w.append("")
    for a in problem.get("attendees", []):
        w.append("[[attendees]]")
        if a.get("id"):
            w.append(f"id = {q(a['id'])}")
        w += [toml_list("wants", a["wants"]), ""]
    if problem.get("objective"):
        w.append("[objective]")
        w += [f"{k} = {v}" for k, v in problem["objective"].items()]
        w.append("")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(w).rstrip("\n") + "\n")


def slot_index(problem):
    """{reference: [(date, minute), ...]} for every valid slot reference."""
    idx = {}
    for d in problem["days"]:
        idx[d["date"]] = [(d["date"], s) for s in d["slots"]]
        for s in d["slots"]:
            idx[ref(d["date"], s)] = [(d["date"], s)]
            if len(problem["days"]) == 1:
                idx[hhmm(s)] = [(d["date"], s)]
    return idx


def runs(problem):
    """{(date, minute): (next (date, minute) if consecutive else None)}."""
    nxt = {}
    for d in problem["days"]:
        sl = d["slots"]
        for a, b in zip(sl, sl[1:] + [None]):
            ok = b is not None and not any(
                bs < b and be > a + problem["event"]["slot_minutes"] for _, bs, be in d.get("breaks", [])
            )
            nxt[(d["date"], a)] = (d["date"], b) if ok else None
    return nxt


def occupied(nxt, start, parts):
    """The `parts` consecutive slots from `start`, or None if they do not exist."""
    out = [start]
    while len(out) < parts:
        n = nxt.get(out[-1])
        if n is None:
            return None
        out.append(n)
    return out


def check_problem(problem):
    """Every id and slot reference exists, the day structure is valid, and
    every talk has at least one start allowed by its own and its speakers'
    limits. Returns a list of error strings (empty = fine)."""
    err = []
    sm = problem["event"]["slot_minutes"]
    dates = [d["date"] for d in problem["days"]]
    if dates != sorted(set(dates)):
        err.append("days not strictly increasing")
    for d in problem["days"]:
        sl = d["slots"]
        if not sl or sl != sorted(set(sl)):
            err.append(f"{d['date']}: slots empty or not increasing")
        for a, b in zip(sl, sl[1:]):
            if a + sm > b:
                err.append(f"{d['date']}: slot {hhmm(a)} overlaps {hhmm(b)}")
        if sl and sl[-1] + sm > 24 * 60:
            err.append(f"{d['date']}: last slot ends after midnight")
        for n, bs, be in d.get("breaks", []):
            if not bs < be:
                err.append(f"{d['date']}: break {n} ends before it starts")
            if bs < sl[0] or be > sl[-1] + sm:
                err.append(f"{d['date']}: break {n} {hhmm(bs)}-{hhmm(be)} outside the day's slots")
            if any(bs < s + sm and be > s for s in sl):
                err.append(f"{d['date']}: break {n} {hhmm(bs)}-{hhmm(be)} overlaps a slot")
    idx = slot_index(problem)

    def refs(where, lst, single=False):
        for r in lst or []:
            if r not in idx:
                err.append(f"{where}: no slot or day {r!r}")
            elif single and len(idx[r]) != 1:
                err.append(f"{where}: {r!r} is not one slot")

    def unique(kind, ids):
        for k, v in collections.Counter(ids).items():
            if v > 1:
                err.append(f"{kind} {k!r} defined {v} times")

    rooms = {r["id"]: r for r in problem["rooms"]}
    talks = {t["id"]: t for t in problem["talks"]}
    unique("room", [r["id"] for r in problem["rooms"]])
    unique("talk", [t["id"] for t in problem["talks"]])
    unique("track", [t["id"] for t in problem.get("tracks", [])])
    unique("speaker", [s["name"] for s in problem.get("speakers", [])])
    unique("attendee", [a["id"] for a in problem.get("attendees", []) if a.get("id")])
    features = {f for r in problem["rooms"] for f in r.get("features", [])}
    for r in problem["rooms"]:
        if not r["capacity"] > 0:
            err.append(f"room {r['id']}: capacity must be > 0")
        refs(f"room {r['id']} unavailable", r.get("unavailable"))
    declared = {t["id"] for t in problem.get("tracks", [])}
    used_tracks = {t.get("track") for t in problem["talks"]} - {None}
    by_track = collections.defaultdict(list)
    for t in problem["talks"]:
        if t.get("track"):
            by_track[t["track"]].append(t["id"])
    for tr in problem.get("tracks", []):
        w = f"track {tr['id']}"
        if tr["id"] not in used_tracks:
            err.append(f"{w}: no talk uses it")
        for k in ("rooms", "only_rooms"):
            for x in tr.get(k, []):
                if x not in rooms:
                    err.append(f"{w} {k}: unknown room {x!r}")
        refs(f"{w} prefer", tr.get("prefer"))
        refs(f"{w} avoid", tr.get("avoid"))
        order = tr.get("order", [])
        if order and (len(order) < 2 or len(set(order)) != len(order)):
            err.append(f"{w} order: needs two or more distinct talks")
        for x in order:
            if x not in talks:
                err.append(f"{w} order: unknown talk {x!r}")
            elif talks[x].get("track") != tr["id"]:
                err.append(f"{w} order: talk {x!r} is not in this track")
    speaker_names = {s for t in problem["talks"] for s in t["speakers"]}
    for t in problem["talks"]:
        w = f"talk {t['id']}"
        if t["audience"] < 0 or t.get("parts", 1) < 1:
            err.append(f"{w}: negative audience or parts < 1")
        if len(set(t["speakers"])) != len(t["speakers"]):
            err.append(f"{w}: a speaker listed twice")
        for f in t.get("needs", []):
            if f not in features:
                err.append(f"{w}: needs {f!r}, which no room has")
        fx = t.get("fixed") or {}
        if "room" in fx and fx["room"] not in rooms:
            err.append(f"{w}: fixed room {fx['room']!r} unknown")
        if "slot" in fx:
            refs(f"{w} fixed", [fx["slot"]], single=True)
        for k in ("only", "unavailable", "prefer", "avoid"):
            refs(f"{w} {k}", t.get(k))
        for x in t.get("after", []):
            if x not in talks or x == t["id"]:
                err.append(f"{w} after: unknown talk {x!r}")
    for s in problem.get("speakers", []):
        if s["name"] not in speaker_names:
            err.append(f"speaker {s['name']!r} gives no talk")
        for k in ("unavailable", "prefer", "avoid"):
            refs(f"speaker {s['name']} {k}", s.get(k))
    for i, c in enumerate(problem.get("conflicts", [])):
        w = f"conflict #{i + 1}"
        members = set(c.get("talks", []))
        for x in c.get("talks", []):
            if x not in talks:
                err.append(f"{w}: unknown talk {x!r}")
        for x in c.get("tracks", []):
            if x not in used_tracks and x not in declared:
                err.append(f"{w}: unknown track {x!r}")
            members |= set(by_track.get(x, []))
        if len(members) < 2:
            err.append(f"{w}: fewer than two members")
        if bool(c.get("hard")) == ("weight" in c):
            err.append(f"{w}: needs exactly one of hard = true and weight")
    for i, a in enumerate(problem.get("attendees", [])):
        if not a["wants"] or any(x not in talks for x in a["wants"]):
            err.append(f"attendee {a.get('id', i + 1)}: wants nothing or an unknown talk")
    for k, v in problem.get("objective", {}).items():
        if not (isinstance(v, int) and v >= 0):
            err.append(f"objective {k}: not an integer >= 0")
    # Every talk can start somewhere (rooms and other talks ignored).
    nxt = runs(problem)
    spk = {s["name"]: s for s in problem.get("speakers", [])}
    every = [(d["date"], s) for d in problem["days"] for s in d["slots"]]
    for t in problem["talks"]:
        banned = {x for r in t.get("unavailable", []) for x in idx.get(r, [])}
        for n in t["speakers"]:
            banned |= {x for r in spk.get(n, {}).get("unavailable", []) for x in idx.get(r, [])}
        starts = [x for r in t["only"] for x in idx.get(r, [])] if t.get("only") else every
        if "slot" in (t.get("fixed") or {}):
            starts = idx.get(t["fixed"]["slot"], [])
        if not any(
            (o := occupied(nxt, s, t.get("parts", 1))) and not banned & set(o) for s in starts
        ):
            err.append(f"talk {t['id']}: no start slot is possible")
    return err


def assignment(problem, talk, date, minutes, room):
    """One timetable entry in confsched's JSON form."""
    sm = problem["event"]["slot_minutes"]
    return {
        "talk": talk["id"],
        "title": talk.get("title", talk["id"]),
        "speakers": talk["speakers"],
        "track": talk.get("track"),
        "audience": talk["audience"],
        "day": date,
        "start": hhmm(minutes[0]),
        "end": hhmm(minutes[-1] + sm),
        "slots": [ref(date, m) if len(problem["days"]) > 1 else hhmm(m) for m in minutes],
        "room": room,
        "rooms": [room],
    }


def write_timetable(path, problem, entries):
    """entries: [(talk id, date, [slot minutes], room id)]; written sorted by
    day, start, room and talk. The score fields (objective, empty_seats,
    track_clashes) are left out: confsched computes them, and `verify`
    reports a stated score that differs from its own."""
    talks = {t["id"]: t for t in problem["talks"]}
    out = [assignment(problem, talks[tid], d, m, r) for tid, d, m, r in entries]
    out.sort(key=lambda a: (a["day"], a["start"], a["room"], a["talk"]))
    doc = {"event": problem["event"]["name"], "status": "feasible", "assignments": out}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def check_timetable(problem, entries):
    """Hard-rule violations of a timetable (same entries as write_timetable),
    new keys included; returns {kind: [description, ...]}."""
    bad = collections.defaultdict(list)
    idx, nxt = slot_index(problem), runs(problem)
    talks = {t["id"]: t for t in problem["talks"]}
    rooms = {r["id"]: r for r in problem["rooms"]}
    spk = {s["name"]: s for s in problem.get("speakers", [])}
    expand = lambda lst: {x for r in lst or [] for x in idx.get(r, [])}  # noqa: E731
    where = {}
    for tid, d, ms, room in entries:
        t = talks.get(tid)
        if t is None:
            bad["unknown talk"].append(tid)
            continue
        if tid in where:
            bad["talk placed twice"].append(tid)
        occ = [(d, m) for m in ms]
        if occupied(nxt, occ[0], t.get("parts", 1)) != occ:
            bad["not parts consecutive slots"].append(tid)
        where[tid] = (occ, room)
    for tid in talks:
        if tid not in where:
            bad["talk not placed"].append(tid)
    by_slot_room = collections.defaultdict(list)
    by_slot = collections.defaultdict(list)
    for tid, (occ, room) in where.items():
        t = talks[tid]
        for x in occ:
            by_slot_room[(x, room)].append(tid)
            by_slot[x].append(tid)
        r = rooms.get(room)
        if r is None:
            bad["unknown room"].append(f"{tid} in {room}")
            continue
        if set(occ) & expand(r.get("unavailable")):
            bad["room unavailable"].append(f"{tid} in {room}")
        if t["audience"] > r["capacity"]:
            bad["capacity"].append(f"{tid} ({t['audience']}) in {room} ({r['capacity']})")
        if not set(t.get("needs", [])) <= set(r.get("features", [])):
            bad["needs"].append(f"{tid} in {room}")
        if set(occ) & expand(t.get("unavailable")):
            bad["talk unavailable"].append(tid)
        for n in t["speakers"]:
            if set(occ) & expand(spk.get(n, {}).get("unavailable")):
                bad["speaker unavailable"].append(f"{n} in {tid}")
        if t.get("only") and occ[0] not in expand(t["only"]):
            bad["only"].append(tid)
        fx = t.get("fixed") or {}
        if ("slot" in fx and [occ[0]] != idx.get(fx["slot"])) or ("room" in fx and fx["room"] != room):
            bad["fixed"].append(tid)
    for (x, room), ts in by_slot_room.items():
        if len(ts) > 1:
            bad["room double-booked"].append(f"{room} {ref(*x)}: {', '.join(sorted(ts))}")
    for x, ts in by_slot.items():
        seen = collections.defaultdict(list)
        for tid in ts:
            for n in talks[tid]["speakers"]:
                seen[n].append(tid)
        for n, l in seen.items():
            if len(l) > 1:
                bad["speaker in two talks"].append(f"{n} {ref(*x)}: {', '.join(sorted(l))}")
        plen = [tid for tid in ts if talks[tid].get("plenary")]
        if plen and len(ts) > 1:
            bad["plenary not alone"].append(f"{ref(*x)}: {', '.join(sorted(ts))}")
    # New hard keys: after, track order, track only_rooms, hard conflicts.
    pos = {tid: occ for tid, (occ, _) in where.items()}
    ordkey = {}
    for d in problem["days"]:
        for s in d["slots"]:
            ordkey[(d["date"], s)] = len(ordkey)

    def before(a, b):
        return a in pos and b in pos and ordkey[pos[a][-1]] < ordkey[pos[b][0]]

    for t in problem["talks"]:
        for a in t.get("after", []):
            if t["id"] in pos and a in pos and not before(a, t["id"]):
                bad["after"].append(f"{t['id']} not after {a}")
    tracks_of = collections.defaultdict(list)
    for t in problem["talks"]:
        if t.get("track"):
            tracks_of[t["track"]].append(t["id"])
    for tr in problem.get("tracks", []):
        o = tr.get("order", [])
        for a, b in zip(o, o[1:]):
            if a in pos and b in pos and not before(a, b):
                bad["track order"].append(f"{tr['id']}: {b} not after {a}")
        if tr.get("only_rooms"):
            for tid in tracks_of[tr["id"]]:
                if tid in where and where[tid][1] not in tr["only_rooms"]:
                    bad["track only_rooms"].append(f"{tid} ({tr['id']}) in {where[tid][1]}")
    for i, c in enumerate(problem.get("conflicts", [])):
        if not c.get("hard"):
            continue
        members = set(c.get("talks", [])) | {x for tr in c.get("tracks", []) for x in tracks_of[tr]}
        for x, ts in by_slot.items():
            m = sorted(set(ts) & members)
            if len(m) > 1:
                label = "+".join(c.get("tracks", [])) or "talks"
                bad["hard conflict"].append(f"#{i + 1} ({label}) {ref(*x)}: {', '.join(m)}")
    return dict(bad)


def summarize(bad, limit=3):
    """One line per kind: count and the first few cases."""
    if not bad:
        return ["none"]
    return [f"{k}: {len(v)} ({'; '.join(v[:limit])}{'; ...' if len(v) > limit else ''})"
            for k, v in sorted(bad.items())]
