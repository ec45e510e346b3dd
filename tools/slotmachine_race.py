#!/usr/bin/env python3
"""Side by side with EMF's slotmachine (issue 13, item 6): the same generated
conference, reduced to what slotmachine can express, solved by both programs
within the same time limit, both answers scored by `confsched verify`.

    cargo build --release
    python3 tools/slotmachine_race.py                       # every size
    python3 tools/slotmachine_race.py --sizes 40,150 --time-limit 10

For each size (talks/rooms/slots/attendees, seed 1) it

1. runs `confsched generate` (problem + favourites CSV), then writes
   `reduced.toml`, the same conference without the features slotmachine
   lacks, and `slotmachine.json`, that reduced problem in slotmachine's
   input form (the JSON its `SchedulingProblem.from_dict` and its own
   command line read). Before writing, it checks that every talk's
   (room, start) choices are the same in both files;
2. runs slotmachine through its Python API with `max_time_in_seconds` =
   the limit (its command line always uses the default, 30 s), in the
   Python that has it (`--python`, default /work/venv-sm/bin/python: this
   very file, run as `slotmachine_race.py --run-slotmachine IN OUT LIMIT`,
   with CP-SAT's search log in `slotmachine.log`), converts its answer
   into a confsched timetable (`slotmachine.timetable.json`) and runs
   `confsched verify reduced.toml` on it;
3. runs `confsched solve reduced.toml --time-limit LIMIT -f json` and
   verifies it the same way, and checks that each of its talks is at a
   (room, start) that slotmachine was offered too;
4. prints a Markdown table: per size and program the missed talks and the
   objective (from `verify`), the wall time of the whole process, the status
   and the 1-minute load average before the run. In brackets beside the
   missed talks: the same timetable counted slotmachine's way (see
   "interest" below), so each program is also judged by the other's measure.

Files go to target/slotmachine-race/<talks>/ (`--out`). The two solvers run
one after the other, never together; both use every core.

slotmachine is EMF's emfcamp/slotmachine (commit 1aefed56 was used; it needs
Python >= 3.13, ortools and python-dateutil). It is NOT the `slotmachine`
package on PyPI, which is an unrelated gambling-machine toy. Install:

    python3.13 -m venv /work/venv-sm
    /work/venv-sm/bin/pip install ortools python-dateutil \\
        git+https://github.com/emfcamp/slotmachine@1aefed562026db4eb8ac77282ae1f4e70b262013

What slotmachine can express (learnt from its README and src/slotmachine/
{data,slots,slotmachine}.py; no code copied): talks with a duration, a
changeover after them (minutes_after) and speakers who can not be in two
talks at once; per talk, the venues it may use, each with the time ranges
the talk may lie in (speaker, room and talk availability all go there, its
README says); soft `Conflict` groups of talks with a weight; soft tags,
preferred times and venue weights; the minimal change from an earlier
schedule. It has no room capacity, no features, no order between talks and
nothing that keeps talks apart as a hard rule.

The reduction (confsched problem -> `reduced.toml`):

- kept, as hard rules, because slotmachine expresses them through each
  talk's venues and time ranges: days, slots and breaks; rooms and their
  `unavailable`; talks' `parts`, `speakers`, `needs`, `fixed`, `only`,
  `unavailable`; speakers' `unavailable`; room capacity (a talk may only use
  rooms that seat its audience); a track's `only_rooms`;
- dropped, because slotmachine has no such rule: `overflow` (an overflow
  talk may have any room its `needs` allow as its main room, so here it
  takes one such room alone, its audience lowered to the smallest of them),
  `[[walks]]` and `building`, `[[sequences]]`, `after`, track `order`,
  `plenary`, hard `[[conflicts]]`;
- dropped, because only attendees' missed talks are compared: every soft
  term but `attendee_missed` (empty seats, track clashes, track rooms and
  gaps, preferences, soft conflicts: their weights are 0 in the reduced
  file; `prefer`/`avoid` and track `rooms` are left out).

The slotmachine input (`reduced.toml` -> `slotmachine.json`):

- time: one confsched slot = one 10-minute slotmachine slot on a made-up
  timeline from 2000-01-01 00:00; slots that are not consecutive (a break,
  a new day) have one empty 10-minute slot between them, so slotmachine can
  not run a talk across them. A talk of `parts` slots lasts parts x 10
  minutes with `minutes_after = 0` (there is no walking rule to keep);
- ids: talks, venues and speakers are numbered from 1 in file order;
- venues and times: per talk and room it may use, the slots it may occupy
  there (its possible starts, each with its `parts` slots), as merged
  ranges. slotmachine lets a talk start wherever it fits in a merged range;
  that equals confsched's choice of starts unless a multi-part talk may
  start only at some of the starts of one run (`only`); the check in step 1
  reports such a talk, which then can not be compared;
- interest: slotmachine's only notion of what attendees want is a weighted
  `Conflict` ("use the number of attendees who would be affected", its
  README says). By default (`--interest groups`) each attendee's wish list
  (of two or more talks) is one conflict group of weight 1 (identical lists
  are not merged: slotmachine rescales weights to 1..15 by the largest,
  rounded, so a merged list of two attendees would weigh 15 against 8).
  slotmachine rewards each talk of a group that can be seen without
  overlapping another seen talk of it, so for one-slot talks it maximises
  wanted - missed per attendee: exactly our `attendee_missed`. (A wanted
  multi-part talk beside wanted talks in two of its slots is 2 missed for
  us and 1 for slotmachine.) `--interest pairs` gives one conflict per
  pair of talks wanted together, weight = the attendees wanting both (the
  other reading of its README); the rescaling then maps most pairs to
  weight 1.

Standard library only (the `--run-slotmachine` part imports slotmachine).
"""

import argparse
import collections
import csv
import datetime as dt
import itertools
import json
import math
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import confsched_files as cf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# talks: (rooms, slots, attendees, time limit in seconds), as tools/bench-suite
# generates them (seed 1), with attendees as in issue 13.
SIZES = {40: (6, 8, 300, 10), 150: (8, 24, 1000, 10), 400: (20, 30, 3000, 60),
         1000: (35, 36, 10000, 60)}

SM_SLOT = 10  # minutes; slotmachine's from_dict fixes its slot at 10 minutes
EPOCH = dt.datetime(2000, 1, 1)  # the made-up timeline's start


# ---------------------------------------------------------------- reading --

def minutes(t):
    """"HH:MM" (or a TOML local time) -> minutes after midnight."""
    if isinstance(t, dt.time):
        return t.hour * 60 + t.minute
    h, m = t.split(":")
    return int(h) * 60 + int(m)


def read_problem(path):
    """The TOML problem with its days in confsched_files' form and every slot
    reference resolved; also its wish lists ({attendee: set of talk ids})."""
    raw = tomllib.loads(Path(path).read_text())
    days = []
    for d in raw["days"]:
        date = d["date"].isoformat() if isinstance(d["date"], dt.date) else d["date"]
        days.append({"date": date, "slots": [minutes(s) for s in d["slots"]],
                     "breaks": [(b["name"], minutes(b["start"]), minutes(b["end"]))
                                for b in d.get("breaks", [])]})
    prob = {"raw": raw, "days": days, "event": raw["event"]}
    prob["index"] = cf.slot_index(prob)
    wishes = collections.defaultdict(set)
    interest = raw.get("interest", {})
    if interest.get("file"):
        with open(Path(path).parent / interest["file"], newline="", encoding="utf-8-sig") as f:
            for row in csv.reader(f):
                cells = [c.strip() for c in row]
                header = [c.lower() for c in cells] == ["attendee", "talk"]
                if len(cells) == 2 and all(cells) and not header:
                    wishes[cells[0]].add(cells[1])
    for a in raw.get("attendees", []):
        wishes[a["id"]].update(a["wants"])
    prob["wishes"] = {a: w for a, w in wishes.items() if w}
    return prob


def refs(prob, items):
    """Slot references (strings, or TOML dates and times) -> set of (date, minute)."""
    out = set()
    for r in items or []:
        if isinstance(r, dt.datetime):
            r = cf.ref(r.date().isoformat(), r.hour * 60 + r.minute)
        elif isinstance(r, dt.date):
            r = r.isoformat()
        elif isinstance(r, dt.time):
            r = cf.hhmm(minutes(r))
        out.update(prob["index"][r])
    return out


# -------------------------------------------------------------- reduction --

def reduce_problem(prob, source_name):
    """The reduced problem (confsched_files' dict form), plus per talk id its
    allowed {room id: set of start (date, minute)}, which both programs get."""
    raw = prob["raw"]
    every = [(d["date"], s) for d in prob["days"] for s in d["slots"]]
    nxt = cf.runs(prob)
    rooms = raw["rooms"]
    tracks = {t["id"]: t for t in raw.get("tracks", [])}
    speaker_un = collections.defaultdict(set)
    for s in raw.get("speakers", []):
        speaker_un[s["name"]] |= refs(prob, s.get("unavailable"))
    wanted = collections.Counter(t for w in prob["wishes"].values() for t in w)
    turnout = raw.get("interest", {}).get("turnout", 1.0)

    talks, domain, capped = [], {}, []
    for t in raw["talks"]:
        parts = t.get("parts", 1)
        audience = t.get("audience", math.ceil(wanted[t["id"]] * turnout))
        fixed = t.get("fixed", {})
        only_rooms = tracks.get(t.get("track"), {}).get("only_rooms")
        usable = [r for r in rooms
                  if fixed.get("room", r["id"]) == r["id"]
                  and set(t.get("needs", [])) <= set(r.get("features", []))
                  and (only_rooms is None or r["id"] in only_rooms)]
        if t.get("overflow"):
            # Streamed to extra rooms in the original, so any room it may use
            # can be its main room; here it has just that room, so its
            # audience is lowered to fit the smallest of them.
            smallest = min(r["capacity"] for r in usable)
            if audience > smallest:
                capped.append((t["id"], audience, smallest))
                audience = smallest
        starts = set(every)
        if "slot" in fixed:
            starts &= refs(prob, [fixed["slot"]])
        if t.get("only"):
            starts &= refs(prob, t["only"])
        banned = refs(prob, t.get("unavailable"))
        for s in t["speakers"]:
            banned |= speaker_un[s]
        dom = {}
        for r in usable:
            if r["capacity"] < audience:
                continue
            off = banned | refs(prob, r.get("unavailable"))
            ok = {s for s in starts
                  if (o := cf.occupied(nxt, s, parts)) and not off & set(o)}
            if ok:
                dom[r["id"]] = ok
        domain[t["id"]] = dom
        entry = {"id": t["id"], "title": t.get("title", t["id"]), "speakers": t["speakers"],
                 "audience": audience, "parts": parts}
        for k in ("track", "needs", "fixed", "only", "unavailable"):
            if t.get(k):
                entry[k] = t[k]
        talks.append(entry)

    reduced = {
        "header": cf.comment([
            f"{raw['event']['name']}, reduced for the side-by-side run with EMF's slotmachine "
            f"(tools/slotmachine_race.py) from {source_name}.",
            "",
            "Kept (hard): days, slots, breaks; rooms, capacity, features, unavailable; talks' "
            "parts, speakers, needs, fixed, only, unavailable; speakers' unavailable; tracks' "
            "only_rooms. Dropped: overflow (such a talk takes one room its needs allow, its "
            f"audience lowered to the smallest: {len(capped)} talks), walks and buildings, "
            "sequences, after, track order, plenary, hard conflicts; every soft term but "
            "attendee_missed (weights 0, prefer/avoid and track rooms left out). See the "
            "docstring of tools/slotmachine_race.py and tools/README.md.",
        ]),
        "event": {"name": raw["event"]["name"], "timezone": raw["event"].get("timezone", "UTC"),
                  "slot_minutes": raw["event"]["slot_minutes"]},
        "days": prob["days"],
        "rooms": [{k: r[k] for k in ("id", "name", "capacity", "features", "unavailable") if k in r}
                  for r in rooms],
        "tracks": [{"id": t["id"], "name": t.get("name", t["id"]), "only_rooms": t["only_rooms"]}
                   for t in raw.get("tracks", []) if t.get("only_rooms")],
        "talks": talks,
        "speakers": [{"name": s["name"], "unavailable": s["unavailable"]}
                     for s in raw.get("speakers", []) if s.get("unavailable")],
        "conflicts": [],
        "attendees": [{"id": a["id"], "wants": a["wants"]} for a in raw.get("attendees", [])],
        "objective": {"empty_seats": 0, "track_clash": 0, "track_rooms": 0, "track_gaps": 0,
                      "preferences": 0, "conflicts": 0,
                      "attendee_missed": raw.get("objective", {}).get("attendee_missed", 10)},
    }
    return reduced, domain, capped


def write_reduced(path, reduced, raw):
    cf.write_problem(path, reduced)
    interest = raw.get("interest")
    if interest:  # confsched_files does not write [interest]; same CSV, same folder
        lines = ["", "[interest]", f"file = {cf.q(interest['file'])}"]
        if "turnout" in interest:
            lines.append(f"turnout = {interest['turnout']}")
        with open(path, "a") as f:
            f.write("\n".join(lines) + "\n")


# ------------------------------------------------------ slotmachine input --

def timeline(prob):
    """{(date, minute): unit} on the made-up timeline: consecutive slots are
    adjacent units, other neighbours have one empty unit between them."""
    nxt = cf.runs(prob)
    unit, u, prev = {}, 0, None
    for d in prob["days"]:
        for s in d["slots"]:
            x = (d["date"], s)
            if prev is not None:
                u += 1 if nxt[prev] == x else 2
            unit[x] = u
            prev = x
    return unit


def at(u):
    return EPOCH + dt.timedelta(minutes=SM_SLOT * u)


def unit_runs(units):
    """Sorted units -> [(first, last)] runs of adjacent units."""
    out = []
    for u in sorted(units):
        if out and u == out[-1][1] + 1:
            out[-1][1] = u
        else:
            out.append([u, u])
    return out


def slotmachine_input(prob, reduced, domain, interest):
    """slotmachine's JSON input and the id maps back."""
    unit = timeline(prob)
    nxt = cf.runs(prob)
    venue_no = {r["id"]: i + 1 for i, r in enumerate(reduced["rooms"])}
    talk_no = {t["id"]: i + 1 for i, t in enumerate(reduced["talks"])}
    names = sorted({s for t in reduced["talks"] for s in t["speakers"]})
    speaker_no = {s: i + 1 for i, s in enumerate(names)}
    talks, mismatch = [], []
    for t in reduced["talks"]:
        p = t["parts"]
        venue_times = []
        for room, starts in sorted(domain[t["id"]].items(), key=lambda kv: venue_no[kv[0]]):
            occ = {unit[x] for s in starts for x in cf.occupied(nxt, s, p)}
            ranges = unit_runs(occ)
            venue_times.append({"venue": venue_no[room], "venue_weight": 0, "times": [
                {"start": at(a).isoformat(), "end": at(b + 1).isoformat()} for a, b in ranges]})
            # The starts slotmachine allows: wherever p units fit in a run.
            theirs = {u for a, b in ranges for u in range(a, b - p + 2)}
            if theirs != {unit[s] for s in starts}:
                mismatch.append((t["id"], room))
        talks.append({"id": talk_no[t["id"]], "duration": p * SM_SLOT, "minutes_after": 0,
                      "speakers": sorted(speaker_no[s] for s in t["speakers"]),
                      "venue_times": venue_times})
    conflicts = []
    if interest == "groups":
        # One group per attendee, weight 1, even when two attendees want the
        # same talks: slotmachine rescales weights to 1..15 by the largest,
        # rounded, so a merged group of 2 would weigh 15 against 8, not 2:1.
        for a in sorted(prob["wishes"]):
            if len(prob["wishes"][a]) > 1:
                conflicts.append({"talks": sorted(talk_no[x] for x in prob["wishes"][a]), "weight": 1})
    else:
        pairs = collections.Counter(p for w in prob["wishes"].values()
                                    for p in itertools.combinations(sorted(talk_no[x] for x in w), 2))
        conflicts = [{"talks": list(p), "weight": n} for p, n in sorted(pairs.items())]
    return {"talks": talks, "conflicts": conflicts}, talk_no, venue_no, unit, mismatch


def missed_talks(prob, entries):
    """Our own count of `attendee_missed` for timetable entries, to check the
    conversion against `verify`: per attendee and slot, wanted talks - 1."""
    at_slot = {}
    for tid, date, mins, _ in entries:
        at_slot[tid] = [(date, m) for m in mins]
    total = 0
    for w in prob["wishes"].values():
        per_slot = collections.Counter(x for t in w for x in at_slot.get(t, []))
        total += sum(n - 1 for n in per_slot.values())
    return total


def unseen_talks(prob, entries):
    """The same, counted slotmachine's way: per attendee, wanted talks minus
    the most of them that can be seen whole without overlap (equal to
    `missed_talks` when no wanted talk has more than one part)."""
    order = {x: i for i, x in enumerate((d["date"], s) for d in prob["days"] for s in d["slots"])}
    span = {tid: (order[(date, mins[0])], order[(date, mins[-1])] + 1) for tid, date, mins, _ in entries}
    total = 0
    for w in prob["wishes"].values():
        end, seen = -1, 0
        for b, a in sorted((span[t][1], span[t][0]) for t in w if t in span):
            if a >= end:  # earliest end first: the most intervals without overlap
                seen, end = seen + 1, b
        total += len(w) - seen
    return total


def read_entries(path):
    """A confsched timetable JSON as (talk id, date, [minutes], room) entries."""
    out = []
    for a in json.loads(Path(path).read_text())["assignments"]:
        out.append((a["talk"], a["day"], [minutes(x.split()[-1]) for x in a["slots"]], a["room"]))
    return out


def slotmachine_timetable(path, prob, reduced, answer, talk_no, venue_no, unit):
    """Writes slotmachine's answer as a confsched timetable; returns the
    problems met converting it (none expected) and the entries."""
    talk_id = {n: t for t, n in talk_no.items()}
    room_id = {n: r for r, n in venue_no.items()}
    slot_at = {u: x for x, u in unit.items()}
    nxt = cf.runs(prob)
    parts = {t["id"]: t["parts"] for t in reduced["talks"]}
    entries, bad = [], []
    for t in answer["talks"]:
        tid = talk_id[t["id"]]
        if not t.get("time") or t.get("venue") is None:
            bad.append(f"{tid}: not scheduled")
            continue
        u, rest = divmod(int((dt.datetime.fromisoformat(t["time"]) - EPOCH).total_seconds()), SM_SLOT * 60)
        start = slot_at.get(u)
        occ = cf.occupied(nxt, start, parts[tid]) if start and not rest else None
        if occ is None:
            bad.append(f"{tid}: starts at {t['time']}, not a slot of the problem")
            continue
        entries.append((tid, start[0], [m for _, m in occ], room_id[t["venue"]]))
    cf.write_timetable(path, reduced, entries)
    return bad, entries


# ---------------------------------------------------------------- running --

def run_slotmachine(inp, out, limit):
    """Inside the Python that has slotmachine: solve and write its answer,
    with its status and timings."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(here)]
    sys.modules.pop("slotmachine", None)  # tools/slotmachine.py is another thing
    from slotmachine import SchedulingProblem, SlotMachine, Unsatisfiable
    import logging  # its progress, and CP-SAT's search log (debug=True), to the log file
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    problem = SchedulingProblem.from_dict(json.loads(Path(inp).read_text()))
    try:
        result = SlotMachine(problem).solve(debug=True, max_time_in_seconds=float(limit))
    except Unsatisfiable as e:  # no schedule within the limit, or none exists
        Path(out).write_text(json.dumps({"status": e.status, "talks": []}))
        return
    doc = result.to_dict()
    doc["status"] = result.solution_type
    doc["timings"] = {k: v.total_seconds() for k, v in result.timings.items()}
    Path(out).write_text(json.dumps(doc))


def load():
    return os.getloadavg()[0]


def verify(binary, problem, timetable):
    """(valid, missed talks, objective, first lines of the report)."""
    p = subprocess.run([binary, "verify", problem, timetable], capture_output=True, text=True)
    text = (p.stdout + p.stderr).strip()
    m = re.search(r"attendee missed (\d+)", text)
    o = re.search(r"objective (\d+)", text)
    return (p.returncode == 0, int(m.group(1)) if m else None, int(o.group(1)) if o else None,
            text.splitlines()[:6])


def race(args, talks):
    rooms, slots, attendees, limit = SIZES[talks]
    limit = args.time_limit or limit
    out = Path(args.out) / str(talks)
    out.mkdir(parents=True, exist_ok=True)
    gen = out / "generated.toml"
    subprocess.run([args.binary, "generate", "--talks", str(talks), "--rooms", str(rooms),
                    "--slots", str(slots), "--attendees", str(attendees), "--seed", str(args.seed),
                    "-o", str(gen)], check=True)
    prob = read_problem(gen)
    reduced, domain, capped = reduce_problem(prob, gen.name)
    red = out / "reduced.toml"
    write_reduced(red, reduced, prob["raw"])
    sm_in, talk_no, venue_no, unit, mismatch = slotmachine_input(prob, reduced, domain, args.interest)
    if mismatch:
        sys.exit(f"{talks}: slotmachine would allow other starts for {mismatch[:5]} "
                 f"({len(mismatch)} talk-room pairs); see the docstring")
    (out / "slotmachine.json").write_text(json.dumps(sm_in, indent=1) + "\n")
    size = f"{talks}/{rooms}/{slots}/{attendees}"
    print(f"{size}: {len(capped)} overflow talks' audience lowered; {len(sm_in['conflicts'])} slotmachine "
          f"conflicts ({args.interest}); limit {limit} s", file=sys.stderr)
    row = {"size": size, "limit": limit}

    # slotmachine
    ld = load()
    t0 = time.monotonic()
    p = subprocess.run([args.python, __file__, "--run-slotmachine", str(out / "slotmachine.json"),
                        str(out / "slotmachine.out.json"), str(limit)], capture_output=True, text=True)
    wall = time.monotonic() - t0
    (out / "slotmachine.log").write_text(p.stdout + p.stderr)
    sm = {"wall": wall, "load": ld, "status": f"exit {p.returncode}", "missed": None, "objective": None}
    if p.returncode == 0:
        answer = json.loads((out / "slotmachine.out.json").read_text())
        sm["status"] = answer["status"].lower()
        sm["solve"] = answer.get("timings", {}).get("solve")
        if answer["talks"]:
            bad, entries = slotmachine_timetable(out / "slotmachine.timetable.json", prob, reduced,
                                                 answer, talk_no, venue_no, unit)
            if bad:
                sys.exit(f"{talks}: slotmachine's answer did not convert: {bad[:5]}")
            ok, sm["missed"], sm["objective"], report = verify(
                args.binary, str(red), str(out / "slotmachine.timetable.json"))
            sm["unseen"] = unseen_talks(prob, entries)
            if sm["missed"] != missed_talks(prob, entries):
                sys.exit(f"{talks}: verify counts {sm['missed']} missed talks, this script "
                         f"{missed_talks(prob, entries)}: a conversion bug")
            if not ok:
                sm["status"] += " INVALID"
                print(f"{size}: slotmachine's timetable fails verify:\n  " + "\n  ".join(report),
                      file=sys.stderr)
    else:
        print(f"{size}: slotmachine failed:\n{p.stderr[-2000:]}", file=sys.stderr)
    row["sm"] = sm

    # confsched
    ld = load()
    t0 = time.monotonic()
    p = subprocess.run([args.binary, "solve", str(red), "--time-limit", str(limit), "-f", "json",
                        "-o", str(out / "confsched.timetable.json")], capture_output=True, text=True)
    wall = time.monotonic() - t0
    (out / "confsched.log").write_text(p.stdout + p.stderr)
    cs = {"wall": wall, "load": ld, "status": f"exit {p.returncode}", "missed": None, "objective": None}
    if p.returncode == 0:
        cs["status"] = json.loads((out / "confsched.timetable.json").read_text())["status"]
        ok, cs["missed"], cs["objective"], report = verify(
            args.binary, str(red), str(out / "confsched.timetable.json"))
        entries = read_entries(out / "confsched.timetable.json")
        cs["unseen"] = unseen_talks(prob, entries)
        # Fair to slotmachine: every place confsched chose was offered to it too.
        outside = [(tid, room, date, mins[0]) for tid, date, mins, room in entries
                   if (date, mins[0]) not in domain[tid].get(room, ())]
        if outside:
            sys.exit(f"{talks}: confsched placed talks where slotmachine could not: {outside[:5]}")
        if not ok:
            cs["status"] += " INVALID"
            print(f"{size}: confsched's timetable fails verify:\n  " + "\n  ".join(report), file=sys.stderr)
    row["cs"] = cs
    return row


def table(rows):
    def cell(r):
        n = lambda v: "-" if v is None else f"{v:,}"  # noqa: E731
        return (f"{n(r['missed'])} ({n(r.get('unseen'))}) | {n(r['objective'])} | "
                f"{r['wall']:.1f} s | {r['status']} | {r['load']:.1f}")
    out = ["| talks/rooms/slots/attendees | limit | slotmachine: missed (its count) | objective | wall "
           "| status | load | confsched: missed (slotmachine's count) | objective | wall | status | load |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['size']} | {r['limit']} s | {cell(r['sm'])} | {cell(r['cs'])} |")
    return "\n".join(out)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--run-slotmachine":
        return run_slotmachine(*sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)),
                    help=f"talk counts, comma-separated, among {list(SIZES)}")
    ap.add_argument("--time-limit", type=float, help="seconds, for every size (default: 10 s up to "
                    "150 talks, 60 s above)")
    ap.add_argument("--interest", choices=["groups", "pairs"], default="groups",
                    help="slotmachine conflicts: one per wish list (default) or per pair of talks")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--python", default=os.environ.get("SLOTMACHINE_PYTHON", "/work/venv-sm/bin/python"),
                    help="a Python with slotmachine and ortools (env SLOTMACHINE_PYTHON)")
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "confsched"))
    ap.add_argument("--out", default=str(ROOT / "target" / "slotmachine-race"))
    args = ap.parse_args()
    if args.time_limit is not None and args.time_limit == int(args.time_limit):
        args.time_limit = int(args.time_limit)
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        rows.append(race(args, n))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
    print(table(rows))


if __name__ == "__main__":
    main()
