#!/usr/bin/env python3
"""Converts two published conference programs into confsched problem files.

Run once from the repository root, with the peer data checked out next to it:

    python3 tools/real-programs.py ../shared/peer-data

It writes problems/real/{fosdem-2026,pyconuk-2017}.toml and, for each, the
published program as a timetable (.program.json, the spec's timetable
format without the score fields). The committed .program.json files are
these, rewritten with their scores by

    confsched render X.toml X.program.json --format json -o tmp && mv tmp X.program.json

Every assumption is written into the header of the .toml file it concerns
(the `header` strings below). Nothing in `cargo test` runs this script; it
needs only the Python standard library.
"""

import collections
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def q(s):
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(s, ensure_ascii=False)


def hhmm(m):
    return f"{m // 60:02d}:{m % 60:02d}"


def minutes(text):
    h, m = text.split(":")[:2]
    return int(h) * 60 + int(m)


def slot_lines(slots, per_line=12):
    out = []
    for i in range(0, len(slots), per_line):
        out.append("  " + ", ".join(q(hhmm(s)) for s in slots[i : i + per_line]) + ",")
    return "slots = [\n" + "\n".join(out) + "\n]"


def write_problem(path, header, event, days, rooms, walks, talks, tracks=()):
    """days: [(date, [slot minutes], [(name, start, end)])]; rooms: dicts;
    talks: dicts with id, title, speakers, audience, parts, track; tracks:
    the track ids to declare in [[tracks]] (id = the name the talks use)."""
    w = [header.rstrip("\n") + "\n"]
    w.append("[event]")
    w.append(f"name = {q(event['name'])}")
    w.append(f"timezone = {q(event['timezone'])}")
    w.append(f"slot_minutes = {event['slot_minutes']}\n")
    for date, slots, breaks in days:
        w.append("[[days]]")
        w.append(f"date = {q(date)}")
        w.append(slot_lines(slots))
        if breaks:
            bs = ", ".join(
                f"{{ name = {q(n)}, start = {q(hhmm(a))}, end = {q(hhmm(b))} }}"
                for n, a, b in breaks
            )
            w.append(f"breaks = [{bs}]")
        w.append("")
    for r in rooms:
        w.append("[[rooms]]")
        w.append(f"id = {q(r['id'])}")
        w.append(f"name = {q(r['name'])}")
        if r.get("building"):
            w.append(f"building = {q(r['building'])}")
        w.append(f"capacity = {r['capacity']}")
        if r.get("unavailable"):
            w.append("unavailable = [" + ", ".join(q(u) for u in r["unavailable"]) + "]")
        w.append("")
    for (a, b), m in walks:
        w.append("[[walks]]")
        w.append(f"between = [{q(a)}, {q(b)}]")
        w.append(f"minutes = {m}\n")
    for k in tracks:
        w.append("[[tracks]]")
        w.append(f"id = {q(k)}\n")
    for t in talks:
        w.append("[[talks]]")
        w.append(f"id = {q(t['id'])}")
        w.append(f"title = {q(t['title'])}")
        w.append("speakers = [" + ", ".join(q(s) for s in t["speakers"]) + "]")
        w.append(f"audience = {t['audience']}")
        if t["parts"] != 1:
            w.append(f"parts = {t['parts']}")
        if t.get("track"):
            w.append(f"track = {q(t['track'])}")
        w.append("")
    Path(path).write_text("\n".join(w))


def write_program(path, event_name, talks):
    """talks carry date, slots (minutes) and room of the real program."""
    out = []
    for t in talks:
        refs = [f"{t['date']} {hhmm(s)}" for s in t["slots"]]
        out.append(
            {
                "talk": t["id"],
                "title": t["title"],
                "speakers": t["speakers"],
                "track": t.get("track"),
                "audience": t["audience"],
                "day": t["date"],
                "start": hhmm(t["slots"][0]),
                "end": hhmm(t["slots"][-1] + t["slot_minutes"]),
                "slots": refs,
                "room": t["room"],
                "rooms": [t["room"]],
            }
        )
    doc = {"event": event_name, "status": "feasible", "assignments": out}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------- FOSDEM 2026

FOSDEM_SLOT = 5  # FOSDEM's own <timeslot_duration>; every time is on it
FOSDEM_AUDIENCE_SHARE = 0.8
FOSDEM_BIG = {"Janson": 1400, "K.1.105 (La Fontaine)": 800}
FOSDEM_BOF_80 = "UA4.218"
FOSDEM_WALKS = {  # minutes, estimates for the ULB Solbosch campus
    ("H", "K"): 3, ("H", "AW"): 3, ("AW", "K"): 2,
    ("H", "UA"): 5, ("H", "UB"): 5, ("H", "UD"): 5,
    ("K", "UA"): 5, ("K", "UB"): 5, ("K", "UD"): 5,
    ("AW", "UA"): 5, ("AW", "UB"): 5, ("AW", "UD"): 5,
    ("UA", "UB"): 2, ("UA", "UD"): 3, ("UB", "UD"): 2,
}


def fosdem_building(room):
    if room == "Janson" or room.startswith("H."):
        return "H"
    if room.startswith("K."):
        return "K"
    return room[:2]  # AW, UA, UB, UD


def fosdem_capacity(room, types):
    if room in FOSDEM_BIG:
        return FOSDEM_BIG[room], "main auditorium"
    if types <= {"bof", "workshop"}:
        return (80, "BOF room (the one of 80)") if room == FOSDEM_BOF_80 else (40, "BOF room")
    if types == {"junior"}:
        return 30, "junior workshop room"
    if "(" in room:
        return 200, "named lecture hall"
    return 80, "numbered classroom"


def fosdem(src, out):
    xml = ET.parse(src / "fosdem" / "fosdem-2026-schedule.xml").getroot()
    events, room_types, room_slug = [], collections.defaultdict(set), {}
    for day in xml.findall("day"):
        for room in day.findall("room"):
            name = room.get("name")
            room_slug[name] = room.get("slug")
            for e in room.iter("event"):
                start = minutes(e.findtext("start"))
                dur = minutes(e.findtext("duration"))
                assert start % FOSDEM_SLOT == 0 and dur % FOSDEM_SLOT == 0
                room_types[name].add(e.findtext("type"))
                events.append(
                    {
                        "id": e.findtext("slug"),
                        "title": " ".join(e.findtext("title").split()),
                        "date": day.get("date"),
                        "start": start,
                        "end": start + dur,
                        "room_name": name,
                        "track": e.findtext("track"),
                        "persons": [(p.get("id"), p.text.strip()) for p in e.iter("person")],
                    }
                )
    rooms = []
    for name in room_slug:  # document order: Janson, K.1.105, ...
        cap, kind = fosdem_capacity(name, room_types[name])
        rooms.append(
            {"id": room_slug[name], "name": name, "capacity": cap, "kind": kind,
             "building": fosdem_building(name)}
        )
    room_by_name = {r["name"]: r for r in rooms}

    # A person in two overlapping events keeps the shorter one.
    notes = []
    by_person = collections.defaultdict(list)
    for e in events:
        for pid, _ in e["persons"]:
            by_person[pid].append(e)
    for pid, evs in sorted(by_person.items()):
        for a in evs:
            for b in evs:
                if a is not b and a["date"] == b["date"] and a["start"] < b["end"] and b["start"] < a["end"]:
                    longer = a if (a["end"] - a["start"], a["id"]) > (b["end"] - b["start"], b["id"]) else b
                    if any(p == pid for p, _ in longer["persons"]):
                        name = dict(longer["persons"])[pid]
                        longer["persons"] = [x for x in longer["persons"] if x[0] != pid]
                        other = b if longer is a else a
                        notes.append(f"{name} dropped from {longer['id']} (kept in {other['id']})")

    # Walking rule: back-to-back talks of one person in two buildings.
    walk = {tuple(sorted(k)): v for k, v in FOSDEM_WALKS.items()}
    walk_notes = []
    for pid, evs in sorted(by_person.items()):
        for a in evs:
            for b in evs:
                if a["date"] == b["date"] and a["end"] == b["start"] and pid in dict(a["persons"]) and pid in dict(b["persons"]):
                    ba = room_by_name[a["room_name"]]["building"]
                    bb = room_by_name[b["room_name"]]["building"]
                    if ba != bb and walk[tuple(sorted((ba, bb)))] > 0:
                        name = dict(b["persons"])[pid]
                        b["persons"] = [x for x in b["persons"] if x[0] != pid]
                        walk_notes.append(f"{name} dropped from {b['id']} (starts as {a['id']} ends, {ba} -> {bb})")

    # Names are unique per person id in this file; check it stays so.
    names = collections.defaultdict(set)
    for e in events:
        for pid, n in e["persons"]:
            names[n].add(pid)
    assert all(len(v) == 1 for v in names.values())

    days = []
    for date in sorted({e["date"] for e in events}):
        evs = [e for e in events if e["date"] == date]
        first, last = min(e["start"] for e in evs), max(e["end"] for e in evs)
        days.append((date, list(range(first, last, FOSDEM_SLOT)), []))
    talks = []
    for e in events:
        room = room_by_name[e["room_name"]]
        talks.append(
            {
                "id": e["id"],
                "title": e["title"],
                "speakers": [n for _, n in e["persons"]],
                "audience": int(room["capacity"] * FOSDEM_AUDIENCE_SHARE),
                "parts": (e["end"] - e["start"]) // FOSDEM_SLOT,
                "track": e["track"],
                "date": e["date"],
                "slots": list(range(e["start"], e["end"], FOSDEM_SLOT)),
                "room": room["id"],
                "slot_minutes": FOSDEM_SLOT,
            }
        )
    kinds = collections.defaultdict(list)
    for r in rooms:
        kinds[(r["kind"], r["capacity"])].append(r["name"])
    parts = collections.Counter(t["parts"] for t in talks)
    persons = {n for t in talks for n in t["speakers"]}
    tracks, multi = declared_tracks(talks)
    header = f"""\
# FOSDEM 2026 (Brussels, ULB Solbosch, 31 January - 1 February 2026): the
# published program as a problem, {len(talks)} events in {len(rooms)} rooms over 2 days.
#
# Source: shared/peer-data/fosdem/fosdem-2026-schedule.xml, FOSDEM's public
# schedule export (https://fosdem.org/2026/schedule/xml) as copied from
# mikemoraned/fosdem @ 31b6c3e1, content/schedule/2026.xml (see that
# folder's README). Converted once by tools/real-programs.py.
# problems/real/fosdem-2026.program.json is the published program in the
# timetable format; `confsched verify` finds it valid.
#
# Assumptions (none of these figures is in the XML):
# - Slots: 5 minutes, FOSDEM's own <timeslot_duration>; every start and
#   duration is a multiple of it, so no event is rounded or dropped, and
#   parts = duration / 5 ({', '.join(f'{k}: {v}' for k, v in sorted(parts.items()))}).
#   Slots run back to back (changeover 0) from each day's first start to
#   its last end (Sat 09:30-19:00, Sun 09:00-18:15); no breaks (FOSDEM has none).
# - Rooms: id = FOSDEM's room slug, name = its name. Capacities are
#   estimates by room type (FOSDEM publishes them only on its web pages):
""" + "".join(
        f"#   {cap:>5} {kind}: {', '.join(ns)}\n" for (kind, cap), ns in kinds.items()
    ) + f"""\
#   (FOSDEM's 2026 BOF call: "most rooms are 40, one has 80 persons"; which
#   one has 80 is not known, {FOSDEM_BOF_80} was chosen because it also held the
#   all-day soldering workshop.)
# - Audience: {int(FOSDEM_AUDIENCE_SHARE * 100)}% of the capacity of the room the program gave the
#   event (the program put it there), rounded down; so every event fits
#   its real room. No `needs`, no `overflow`, no fixed times.
# - Buildings from the room name: Janson and H.* = H, K.* = K, AW*, UA*,
#   UB*, UD* = AW, UA, UB, UD. Walks (estimates): 2-3 minutes within the
#   H/K/AW group and between U wings, 5 minutes between the U wings and the rest.
# - Speakers: the event's persons by name ({len(persons)} people; every name is one
#   person id in the XML). Tracks: the event's track ({len({t['track'] for t in talks})} tracks).
# - [[tracks]]: every track the program holds in one room per day (the
#   devrooms and main tracks, {len(tracks)}) is declared (id = its name, in order of
#   first appearance), so `track_rooms` and `track_gaps` count for it. Not
#   declared, because the program runs them in several rooms at once by
#   design (their talks keep their track, so their clashes still count as
#   track clashes):
""" + "".join(f"#     {m}\n" for m in multi) + f"""\
# - Changes to make the published program valid under the spec's rules:
#   a person in two overlapping events keeps the shorter one (rule 3):
""" + "".join(f"#     {n}\n" for n in notes) + """\
#   a person whose talks are back to back in two buildings (changeover 0 <
#   walk) is dropped from the later one:
""" + ("".join(f"#     {n}\n" for n in walk_notes) or "#     (none)\n") + """\
# Events without persons have `speakers = []` (1 event).
"""
    write_problem(
        out / "fosdem-2026.toml",
        header,
        {"name": "FOSDEM 2026", "timezone": "Europe/Brussels", "slot_minutes": FOSDEM_SLOT},
        days,
        rooms,
        sorted(walk.items()),
        talks,
        tracks,
    )
    write_program(out / "fosdem-2026.program.json", "FOSDEM 2026", talks)
    return notes, walk_notes


def declared_tracks(talks):
    """The tracks the program holds in one room on each of its days, in
    order of first appearance; and the others, each with its rooms per day."""
    rooms = collections.defaultdict(set)
    order = []
    for t in talks:
        if t.get("track"):
            rooms[(t["track"], t["date"])].add(t["room"])
            if t["track"] not in order:
                order.append(t["track"])
    multi = {}
    for (k, date), rs in sorted(rooms.items()):
        if len(rs) > 1:
            multi.setdefault(k, []).append(f"{date} {len(rs)} rooms")
    keep = [k for k in order if k not in multi]
    return keep, [f"{k} ({', '.join(v)})" for k, v in sorted(multi.items())]


# ------------------------------------------------------------ PyCon UK 2017

PYCON_DATES = {
    "Thursday 26th": "2017-10-26", "Friday 27th": "2017-10-27",
    "Saturday 28th": "2017-10-28", "Sunday 29th": "2017-10-29",
    "Monday 30th": "2017-10-30",
}
PYCON_SLOT = 30  # the published grid: one record per room and half hour
PYCON_CAPACITY = {  # 2016 figures from ConferenceScheduler's how-to; rest estimated
    "Assembly Room": 500, "Ferrier Hall": 200, "Room D": 100, "Room A": 80, "Room C": 80,
}
PYCON_SMALL = 50  # estimate for rooms the how-to does not list
PYCON_AUDIENCE_SHARE = 0.8
PYCON_NOBODY = {"absolutely-anyone", "education-track", "various"}


def person(slug):
    small = {"and", "i", "de", "van", "der"}
    return " ".join(w if w in small else w.capitalize() for w in slug.split("-"))


def pyconuk(src, out):
    records = json.loads((src / "pyconuk" / "pyconuk-2017-schedule.json").read_text())
    sessions = {
        f"{s['kind']}/{s['slug']}": s
        for s in json.loads((src / "pyconuk" / "pyconuk-2017-sessions.json").read_text())
    }
    cell = {(PYCON_DATES[r["day"]], r["room"], minutes(r["time"])): r for r in records}
    dates = sorted(set(PYCON_DATES.values()))
    used_rooms = sorted({r["room"] for r in records if r.get("session")},
                        key=lambda n: (-PYCON_CAPACITY.get(n, PYCON_SMALL), n))
    dropped_rooms = sorted({r["room"] for r in records} - set(used_rooms))

    # Slots: every half hour from a day's first session record to its last;
    # a time when no session runs and every room of the day has a break item
    # is a break, not a slot.
    days = []
    for date in dates:
        recs = [r for (d, _, _), r in cell.items() if d == date]
        rooms_today = {r["room"] for r in recs}
        st = sorted(minutes(r["time"]) for r in recs if r.get("session"))
        slots, breaks = [], []
        for t in range(st[0], st[-1] + PYCON_SLOT, PYCON_SLOT):
            here = [cell.get((date, room, t)) for room in sorted(rooms_today)]
            if all(h and not h.get("session") for h in here):
                name = collections.Counter(h["title"] for h in here).most_common(1)[0][0]
                if breaks and breaks[-1][0] == name and breaks[-1][2] == t:
                    breaks[-1] = (name, breaks[-1][1], t + PYCON_SLOT)
                else:
                    breaks.append((name, t, t + PYCON_SLOT))
            else:
                slots.append(t)
        days.append((date, slots, breaks))

    # Rooms: unavailable all day when the room has no record that day, and
    # in every slot where it holds a non-session item (Picademy, Lunch, ...).
    rooms, unavailable_items = [], collections.Counter()
    for name in used_rooms:
        cap = PYCON_CAPACITY.get(name, PYCON_SMALL)
        un = []
        for date, slots, _ in days:
            if not any(d == date and r == name for d, r, _ in cell):
                un.append(date)
                continue
            for t in slots:
                c = cell.get((date, name, t))
                if c and not c.get("session"):
                    un.append(f"{date} {hhmm(t)}")
                    unavailable_items[c["title"]] += 1
        rid = name.lower().replace(" ", "-")
        rooms.append({"id": rid, "name": name, "capacity": cap, "unavailable": un})
    room_id = {r["name"]: r["id"] for r in rooms}

    # Talks: one per run of consecutive slots of a session in one room.
    runs = collections.defaultdict(list)
    for (date, room, t), r in sorted(cell.items()):
        if r.get("session"):
            runs[r["session"]].append((date, room, t))
    talks, split = [], []
    for key, recs in runs.items():
        s = sessions[key]
        parts = []
        for date, room, t in recs:
            # Consecutive: the next half hour (a break would have removed it).
            last = parts[-1] if parts else None
            if last and (last["date"], last["room"], last["slots"][-1] + PYCON_SLOT) == (date, room, t):
                last["slots"].append(t)
            else:
                parts.append({"date": date, "room": room, "slots": [t]})
        if len(parts) > 1:
            split.append(f"{s['slug']} ({len(parts)})")
        for k, run in enumerate(parts):
            tid, title = s["slug"], " ".join(s["title"].split())
            if len(parts) > 1:
                day = [p for p in parts if p["date"] == run["date"]]
                wd = [n for n, d in PYCON_DATES.items() if d == run["date"]][0].split()[0]
                tid += "-" + wd[:3].lower()
                label = wd
                if len(day) > 1:
                    j = day.index(run) + 1
                    tid += f"-{j}"
                    label += f", part {j} of {len(day)}"
                title += f" ({label})"
            cap = PYCON_CAPACITY.get(run["room"], PYCON_SMALL)
            talks.append(
                {
                    "id": tid,
                    "title": title,
                    "speakers": [] if s["speaker"] in PYCON_NOBODY else [person(s["speaker"])],
                    "audience": int(cap * PYCON_AUDIENCE_SHARE),
                    "parts": len(run["slots"]),
                    "track": s.get("track"),
                    "date": run["date"],
                    "slots": run["slots"],
                    "room": room_id[run["room"]],
                    "slot_minutes": PYCON_SLOT,
                }
            )
    talks.sort(key=lambda t: (t["date"], t["slots"][0], t["room"]))

    # A speaker in two talks at once keeps the shorter one.
    notes = []
    for a in talks:
        for b in talks:
            common = set(a["speakers"]) & set(b["speakers"])
            if a is b or not common or a["date"] != b["date"] or not set(a["slots"]) & set(b["slots"]):
                continue
            longer = a if (a["parts"], a["id"]) > (b["parts"], b["id"]) else b
            other = b if longer is a else a
            for n in sorted(common):
                if n in longer["speakers"]:
                    longer["speakers"].remove(n)
                    notes.append(f"{n} dropped from {longer['id']} (kept in {other['id']})")

    parts = collections.Counter(t["parts"] for t in talks)
    tracks, multi = declared_tracks(talks)
    header = f"""\
# PyCon UK 2017 (Cardiff City Hall, 26-30 October 2017): the published
# timetable as a problem, {len(talks)} talks in {len(rooms)} rooms over 5 days.
#
# Source: shared/peer-data/pyconuk/pyconuk-2017-schedule.json (the files
# schedule/<Day>/<Room>/<HH:MM> of PyconUK/2017.pyconuk.org @ 337a00c0) and
# pyconuk-2017-sessions.json (front matter of sessions/*/*.md, same commit);
# see that folder's README. Converted once by tools/real-programs.py.
# problems/real/pyconuk-2017.program.json is the published timetable in the
# timetable format; `confsched verify` finds it valid.
#
# Assumptions:
# - Slots: the published 30-minute grid, one slot per record, from each
#   day's first session to its last. A half hour when no session runs and
#   every room of the day has a break item (Break, Lunch...) is a break;
#   coffee breaks that a workshop ran through stay slots, and the rooms
#   that had the break are unavailable there.
# - A session is one talk per run of consecutive records in one room,
#   parts = the run's records ({', '.join(f'{k}: {v}' for k, v in sorted(parts.items()))}). Sessions split
#   into several talks (the id gets the weekday, the title says which part):
#   {', '.join(split)}.
# - Rooms: the {len(rooms)} rooms that held a session; {', '.join(dropped_rooms)} held none and is
#   dropped. Capacities: Assembly Room 500, Ferrier Hall 200, Room D 100,
#   Room A 80, Room C 80 (the 2016 figures of the same venue in
#   ConferenceScheduler's how-to); Rooms B, I, J, K, L {PYCON_SMALL} (an estimate;
#   they held workshops). One building, so no walks.
# - Room unavailability: a room with no record on a day is unavailable that
#   day; a room holding a non-session item is unavailable in that slot
#   ({', '.join(f'{k} {v}' for k, v in sorted(unavailable_items.items()))}).
# - Audience: {int(PYCON_AUDIENCE_SHARE * 100)}% of the capacity of the room the session had,
#   rounded down. No needs, no fixed times.
# - Speakers: the session's speaker slug as words ("david-r-maciver" =
#   "David R Maciver"); the placeholders {', '.join(sorted(PYCON_NOBODY))}
#   mean no speaker. Tracks: the session's track (pydata, education).
# - [[tracks]]: the tracks the program holds in one room per day are
#   declared (id = its name), so `track_rooms` and `track_gaps` count for
#   them: {', '.join(tracks) or '(none)'}. Not declared (several rooms at
#   once in the program): {'; '.join(multi) or '(none)'}.
# - Double bookings resolved (a speaker in two talks at once keeps the shorter):
""" + ("".join(f"#     {n}\n" for n in notes) or "#     (none)\n")
    write_problem(
        out / "pyconuk-2017.toml",
        header,
        {"name": "PyCon UK 2017", "timezone": "Europe/London", "slot_minutes": PYCON_SLOT},
        days,
        rooms,
        [],
        talks,
        tracks,
    )
    write_program(out / "pyconuk-2017.program.json", "PyCon UK 2017", talks)
    return notes


def main():
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/peer-data")
    out = Path("problems/real")
    out.mkdir(parents=True, exist_ok=True)
    print(fosdem(src, out))
    print(pyconuk(src, out))


if __name__ == "__main__":
    main()
