#!/usr/bin/env python3
"""Converts the 21 ITC2007 track-3 instances (curriculum-based course
timetabling, .ctt) into confsched problem files.

Run from the repository root, with the peer data next to it:

    python3 tools/itc2007.py [../shared/peer-data] [--legacy DIR]

It writes problems/real/itc2007/compNN.toml (with `--legacy DIR`: into DIR,
without the [[conflicts]] that confsched does not parse yet). Every file is
self-checked before it is written. The mapping is in tools/README.md and in
each file's header. Standard library only.
"""

import datetime as dt
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import confsched_files as cf  # noqa: E402

COMMIT = "a253a5a45a5b148d5a8981c3fd0af5ecf9ae4b06"
FIRST_DAY = dt.date(2007, 1, 1)  # a Monday
FIRST_PERIOD = 8 * 60  # 08:00
PERIOD = 60  # one slot per period, an hour apart


def parse(path):
    head, sections, cur = {}, {}, None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line == "END.":
            continue
        if line.endswith(":") and line[:-1].isupper():
            cur = line[:-1]
            sections[cur] = []
        elif cur is None:
            k, v = line.split(":", 1)
            head[k.strip()] = v.strip()
        else:
            sections[cur].append(line.split())
    inst = {
        "name": head["Name"],
        "days": int(head["Days"]),
        "periods": int(head["Periods_per_day"]),
        "courses": [{"id": c, "teacher": t, "lectures": int(n), "min_days": int(d), "students": int(s)}
                    for c, t, n, d, s in sections["COURSES"]],
        "rooms": [(r, int(cap)) for r, cap in sections["ROOMS"]],
        "curricula": [(q, cs) for q, n, *cs in sections["CURRICULA"]],
        "unavailable": [(c, int(d), int(p)) for c, d, p in sections["UNAVAILABILITY_CONSTRAINTS"]],
    }
    assert all(int(r[1]) == len(r) - 2 for r in sections["CURRICULA"]), path
    for key, section in (("Courses", "courses"), ("Rooms", "rooms"), ("Curricula", "curricula"),
                         ("Constraints", "unavailable")):
        assert int(head[key]) == len(inst[section]), (path, key)
    return inst


def convert(nn, inst):
    dates = [(FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(inst["days"])]
    slots = [FIRST_PERIOD + p * PERIOD for p in range(inst["periods"])]
    days = [{"date": d, "slots": slots, "breaks": []} for d in dates]
    unav = {}
    for c, d, p in inst["unavailable"]:
        unav.setdefault(c, []).append((dates[d], slots[p]))
    talks = []
    lectures = {}
    for c in inst["courses"]:
        ids = [f"{c['id']}-{k}" for k in range(1, c["lectures"] + 1)]
        lectures[c["id"]] = ids
        un = cf.compress(days, set(unav.get(c["id"], [])))
        for k, tid in enumerate(ids, start=1):
            t = {"id": tid, "title": f"{c['id']} lecture {k} of {c['lectures']}",
                 "speakers": [c["teacher"]], "audience": c["students"]}
            if un:
                t["unavailable"] = un
            talks.append(t)
    conflicts = [{"talks": [x for c in cs for x in lectures[c]], "hard": True}
                 for _, cs in inst["curricula"]]
    rooms = [{"id": r, "name": r, "capacity": cap} for r, cap in inst["rooms"]]
    problem = {
        "event": {"name": f"ITC2007 {nn} ({inst['name']})", "timezone": "Europe/Rome",
                  "slot_minutes": PERIOD},
        "days": days, "rooms": rooms, "tracks": [], "talks": talks, "speakers": [],
        "conflicts": conflicts, "attendees": [],
        "objective": {"empty_seats": 1, "track_clash": 100},
    }
    caps = sorted(cap for _, cap in inst["rooms"])
    students = [c["students"] for c in inst["courses"]]
    over = [c["id"] for c in inst["courses"] if c["students"] > caps[-1]]
    teachers = {c["teacher"] for c in inst["courses"]}
    lines = [
        f"ITC2007 track 3 (curriculum-based course timetabling), {nn} = {inst['name']}: "
        f"{len(inst['courses'])} courses, {len(talks)} lectures, {len(rooms)} rooms, "
        f"{inst['days']} days x {inst['periods']} periods, {len(conflicts)} curricula, "
        f"{len(inst['unavailable'])} unavailability constraints.",
        "",
        f"Source: shared/peer-data/itc2007-cct/{nn}.ctt, byte-identical to "
        f"tomas-muller/cpsolver-itc2007 @ {COMMIT[:8]} ({COMMIT}), data/ctt/{nn}.ctt, which the "
        "repository downloaded from the official ITC2007 site. Real data of the University of Udine.",
        "Licence: the data files carry none of their own (the repository's code is LGPL); they are "
        "the public competition benchmark. Please cite Di Gaspero, McCollum, Schaerf (2007), The "
        "Second International Timetabling Competition (ITC-2007): Curriculum-based Course "
        "Timetabling (Track 3), tech. report QUB/IEEE/Tech/ITC2007/CurriculumCTT/v1.0.",
        "Converted by tools/itc2007.py (the mapping is also in tools/README.md).",
        "",
        "Mapping:",
        f"- Days x periods: day d is {FIRST_DAY} + d (a Monday first), one slot per period, period p "
        f"at {cf.hhmm(FIRST_PERIOD)} + p hours; slot_minutes = {PERIOD}, no breaks (every lecture "
        "takes one slot). The times are a choice: ITC2007 periods have no clock times.",
        "- Courses: each lecture is a one-part talk, id <course>-<k> (k = 1..lectures), speakers = "
        "[the teacher] (a teacher is never in two places at once, and a course's lectures never "
        f"share a period), audience = the course's students ({min(students)}..{max(students)}). "
        f"{len(teachers)} teachers.",
        f"- Rooms: id = name = the room's name, capacity = its capacity ({caps[0]}..{caps[-1]}). "
        "Capacity is HARD (confsched's rule; ITC2007 makes it the soft S1). "
        + (f"Courses larger than every room: {', '.join(over)}." if over
           else "Every course fits the largest room."),
        "- Curricula: one [[conflicts]] per curriculum, hard = true, listing every lecture of its "
        "courses: no two of them in one period.",
        "- Unavailability (course, day, period): every lecture of the course has the slot in "
        "`unavailable` (a bare date when the whole day is).",
        "- [objective]: the defaults (empty_seats = 1, track_clash = 100; there are no tracks).",
        "",
        "Not represented (the ITC2007 soft constraints): S1 room capacity (hard here), S2 minimum "
        "working days (5 per day below the course's minimum), S3 curriculum compactness (2 per "
        "isolated lecture), S4 room stability (1 per extra room of a course). ITC2007 objective "
        "values are therefore not comparable with confsched's.",
    ]
    if nn == "comp01":
        big = [c for c in inst["courses"] if c["students"] > caps[-3]]
        lines += ["", "comp01 is known to be infeasible with hard capacities: "
                  f"{sum(c['lectures'] for c in big)} lectures have more than {caps[-3]} students, "
                  f"but only the {len([x for x in caps if x > caps[-3]])} rooms above that size "
                  f"exist, {len([x for x in caps if x > caps[-3]]) * len(slots) * len(dates)} "
                  "room-slots (`confsched check` proves it). Its ITC2007 solutions pay S1."]
    if nn in ("comp03", "comp15"):
        lines += ["", "comp03 and comp15 differ only in their Name line in this copy (see the "
                  "peer-data README): the two problem files are the same but for names."]
    problem["header"] = cf.comment(lines)
    return problem


def main():
    args = sys.argv[1:]
    legacy_dir = None
    if "--legacy" in args:
        i = args.index("--legacy")
        legacy_dir = Path(args[i + 1])
        del args[i:i + 2]
    src = Path(args[0] if args else "../shared/peer-data") / "itc2007-cct"
    out = legacy_dir or Path("problems/real/itc2007")
    failed = False
    for k in range(1, 22):
        nn = f"comp{k:02d}"
        problem = convert(nn, parse(src / f"{nn}.ctt"))
        errs = cf.check_problem(problem)
        print(f"{nn}: {len(problem['talks'])} lectures; self-check: {'ok' if not errs else errs[:5]}")
        failed |= bool(errs)
        cf.write_problem(out / f"{nn}.toml", cf.legacy(problem) if legacy_dir else problem)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
