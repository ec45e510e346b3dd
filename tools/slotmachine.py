#!/usr/bin/env python3
"""Converts slotmachine's sample scheduling problems (emfcamp/slotmachine,
sample_schedules/unscheduled_*.json, copied into tests/data/slotmachine/)
into confsched problem files, without loss.

Run from the repository root:

    python3 tools/slotmachine.py [--legacy DIR] [--scheduled FILE DIR]

It writes problems/real/slotmachine/unscheduled_{easy,hard,very_hard}.toml
(with `--legacy DIR`: into DIR, the same files; they use no new key).
`--scheduled FILE DIR` also converts a slotmachine file whose talks carry a
`time` and `venue` (the repository's sample_schedules/scheduled_hard.json)
into DIR as a problem plus that schedule as a timetable, to check the
mapping against a schedule slotmachine itself produced.

How slotmachine reads these files (learnt from its README and
src/slotmachine/{data,slots,slotmachine}.py; no code copied): time runs in
10-minute slots; a talk occupies (duration + minutes_after) / 10 slots, the
last ones being the changeover after it (minutes_after defaults to 10), in
its venue and for its speakers; each allowed time range of a venue becomes
the slots from its start to its end plus the changeover, adjacent ranges
merge, and the whole talk, changeover included, lies inside one merged
range. The mapping is in tools/README.md and in each file's header.
Standard library only.
"""

import collections
import datetime as dt
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import confsched_files as cf  # noqa: E402

COMMIT = "1aefed562026db4eb8ac77282ae1f4e70b262013"
SAMPLES = ["unscheduled_easy", "unscheduled_hard", "unscheduled_very_hard"]
SLOT = 10  # slotmachine's SchedulingProblem.from_dict fixes slot_duration = 10
CAPACITY = 1000  # slotmachine has no capacities


def when(text):
    return dt.datetime.fromisoformat(text)


def unsupported(talk, data):
    """What this converter does not map; none of it occurs in the samples."""
    out = []
    if talk.get("preferred_times"):
        out.append("preferred_times")
    if talk.get("tags"):
        out.append("tags")
    if any(vt.get("venue_weight", 0) for vt in talk["venue_times"]):
        out.append("venue_weight")
    if data.get("conflicts"):
        out.append("conflicts")
    return out


def convert(name, data, scheduled=False):
    talks_in = sorted(data["talks"], key=lambda t: t["id"])
    bad = sorted({x for t in talks_in for x in unsupported(t, data)})
    if bad:
        sys.exit(f"{name}: uses {', '.join(bad)}, which this converter does not map (tools/README.md)")
    if not scheduled and any(t.get("time") or t.get("venue") is not None for t in talks_in):
        sys.exit(f"{name}: talks already scheduled; use --scheduled")
    venues = sorted({vt["venue"] for t in talks_in for vt in t["venue_times"]})
    occ = {}  # (talk id, venue) -> {(date, minute)}
    parts = {}
    for t in talks_in:
        after = t.get("minutes_after", 10)
        assert t["duration"] % SLOT == 0 and after % SLOT == 0 and t["duration"] > 0, t["id"]
        parts[t["id"]] = (t["duration"] + after) // SLOT
        for vt in t["venue_times"]:
            s = occ.setdefault((t["id"], vt["venue"]), set())
            for r in vt["times"]:
                a, b = when(r["start"]), when(r["end"]) + dt.timedelta(minutes=after)
                assert a.date() == (b - dt.timedelta(minutes=1)).date(), (t["id"], r)
                assert (b - a).total_seconds() % (SLOT * 60) == 0 and a.minute % SLOT == 0, (t["id"], r)
                while a < b:
                    s.add((a.date().isoformat(), a.hour * 60 + a.minute))
                    a += dt.timedelta(minutes=SLOT)
    every = set().union(*occ.values())
    talk_slots = collections.defaultdict(set)
    venue_slots = collections.defaultdict(set)
    for (tid, v), s in occ.items():
        talk_slots[tid] |= s
        venue_slots[v] |= s
    # A talk's allowed slots in a venue are its own window cut by the venue's:
    # exact when every (talk, venue) window is that intersection.
    assert all(s == talk_slots[tid] & venue_slots[v] for (tid, v), s in occ.items()), name
    per_venue = any(s != talk_slots[tid] for (tid, v), s in occ.items())
    days = []
    gaps = 0
    for date in sorted({d for d, _ in every}):
        sl = sorted(m for d, m in every if d == date)
        breaks = [("No talks", a + SLOT, b) for a, b in zip(sl, sl[1:]) if b - a > SLOT]
        gaps += len(breaks)
        days.append({"date": date, "slots": sl, "breaks": breaks})
    allv = set(venues)
    rooms = [{"id": f"venue-{v}", "name": f"Venue {v}", "capacity": CAPACITY, "features": [],
              "unavailable": cf.compress(days, every - venue_slots[v]) if per_venue else []}
             for v in venues]
    talks, feature_sets = [], collections.Counter()
    nxt = cf.runs({"days": days, "event": {"slot_minutes": SLOT}})
    for t in talks_in:
        tid = f"talk-{t['id']}"
        own = talk_slots[t["id"]]
        vs = sorted(vt["venue"] for vt in t["venue_times"])
        entry = {"id": tid, "title": t.get("title") or tid,
                 "speakers": [f"speaker-{s}" for s in sorted(t["speakers"])],
                 "audience": 0, "parts": parts[t["id"]]}
        if len(vs) == 1:
            entry["fixed"] = {"room": f"venue-{vs[0]}"}
        elif set(vs) != allv:
            f = "venues-" + "-".join(map(str, vs))
            entry["needs"] = [f]
            feature_sets[tuple(vs)] += 1
        un = cf.compress(days, every - own)
        starts = {x for x in own if (o := cf.occupied(nxt, x, parts[t["id"]])) and set(o) <= own}
        only = cf.compress(days, starts)
        if un:
            if len(only) < len(un):
                entry["only"] = only
            else:
                entry["unavailable"] = un
        talks.append(entry)
    for r in rooms:
        v = int(r["id"].split("-")[1])
        r["features"] = ["venues-" + "-".join(map(str, vs)) for vs in sorted(feature_sets) if v in vs]
    problem = {
        "event": {"name": f"slotmachine {name}", "timezone": "Europe/London", "slot_minutes": SLOT},
        "days": days, "rooms": rooms, "tracks": [], "talks": talks, "speakers": [],
        "conflicts": [], "attendees": [], "objective": {"empty_seats": 0, "track_clash": 0},
    }
    durations = collections.Counter(t["duration"] for t in talks_in)
    spk = collections.Counter(s for t in talks_in for s in t["speakers"])
    vsets = collections.Counter(tuple(sorted(vt["venue"] for vt in t["venue_times"])) for t in talks_in)
    lines = [
        f"slotmachine {name}: {len(talks)} talks, {len(venues)} venues, {len(days)} days "
        f"({days[0]['date']} to {days[-1]['date']}).",
        "",
        f"Source: tests/data/slotmachine/{name}.json, a copy of emfcamp/slotmachine @ "
        f"{COMMIT[:8]} ({COMMIT}), sample_schedules/{name}.json (synthetic talks made to stress "
        "solvers; titles are random words). Licence: see tests/data/slotmachine/README.md.",
        "Converted by tools/slotmachine.py, without loss (the mapping is also in tools/README.md).",
        "",
        "Mapping:",
        f"- Time: slot_minutes = {SLOT}, slotmachine's own slot. The slots of a day are every slot "
        "some talk may occupy in some venue (its allowed ranges, each extended by its changeover); "
        f"where no talk may be, a break \"No talks\" separates the slots ({gaps} breaks), so no talk "
        "runs across a gap, as in slotmachine, where only touching ranges merge.",
        "- Talks: id talk-<id>, title = the title (or the id), speakers = speaker-<id>, audience 0; "
        "parts = (duration + minutes_after) / 10: slotmachine keeps the changeover after a talk "
        "(minutes_after, 10 by default) in the talk's venue and for its speakers, so the last part "
        "is that changeover and a timetable's `end` is 10 minutes after the talk's. Durations: "
        + ", ".join(f"{k} min: {v}" for k, v in sorted(durations.items())) + ".",
        f"- Venues: room venue-<id>, capacity {CAPACITY} (slotmachine has none), [objective] "
        "empty_seats = 0. Allowed venues: "
        + ", ".join(f"{'/'.join(map(str, k))}: {v} talk{'s' * (v != 1)}" for k, v in sorted(vsets.items()))
        + ". One venue -> fixed.room; a subset -> a feature venues-<ids> on those rooms and the "
        "talk `needs` it.",
        "- Time windows: each talk's allowed ranges are the same in all its venues, so the slots "
        "outside them are the talk's `unavailable` (or its exact start slots as `only`, whichever "
        "is shorter; a bare date = the whole day)."
        + (" Venue windows differ: the slots no talk may use in a venue are the room's "
           "`unavailable`." if per_venue else ""),
        f"- Speakers: {len(spk)}, {sum(1 for v in spk.values() if v > 1)} with more than one talk; "
        "as in slotmachine, a speaker's talks (changeover included) never overlap.",
        "- Objective: these samples set no preferred_times, tags, conflicts, venue_weight or "
        "existing schedule, so slotmachine only has to find a feasible timetable; no term "
        "applies here (empty_seats = 0, no tracks).",
        "",
        "Not represented: nothing of these files. The time zone (Europe/London) is a choice: the "
        "file's times carry none (EMF Camp is in England).",
    ]
    problem["header"] = cf.comment(lines)
    entries = []
    if scheduled:
        for t in talks_in:
            start = when(t["time"])
            d, m = start.date().isoformat(), start.hour * 60 + start.minute
            o = cf.occupied(nxt, (d, m), parts[t["id"]])
            entries.append((f"talk-{t['id']}", d, [x[1] for x in o] if o else [m], f"venue-{t['venue']}"))
    return problem, entries


def slotmachine_domain(data):
    """{talk id: {(venue, (date, minute))}}: every start slotmachine allows,
    computed its way (slot indices from the earliest time, merged ranges)."""
    talks = data["talks"]
    epoch = min(when(r["start"]) for t in talks for vt in t["venue_times"] for r in vt["times"])
    idx = lambda x: int((x - epoch).total_seconds() // 60 // SLOT)  # noqa: E731
    out = {}
    for t in talks:
        c = t.get("minutes_after", 10) // SLOT
        d = (t["duration"] + t.get("minutes_after", 10)) // SLOT
        dom = set()
        for vt in t["venue_times"]:
            merged = []
            for a, b in sorted((idx(when(r["start"])), idx(when(r["start"])) + idx(when(r["end"]))
                                - idx(when(r["start"])) + c - 1) for r in vt["times"]):
                if merged and a <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], b))
                else:
                    merged.append((a, b))
            for a, b in merged:
                for s in range(a, b - d + 2):
                    x = epoch + dt.timedelta(minutes=s * SLOT)
                    dom.add((f"venue-{vt['venue']}", (x.date().isoformat(), x.hour * 60 + x.minute)))
        out[f"talk-{t['id']}"] = dom
    return out


def confsched_domain(problem):
    """{talk id: {(room, (date, minute))}}: every start the problem file allows
    a talk on its own (its and its room's limits, consecutive slots)."""
    idx, nxt = cf.slot_index(problem), cf.runs(problem)
    expand = lambda lst: {x for r in lst or [] for x in idx[r]}  # noqa: E731
    every = [(d["date"], m) for d in problem["days"] for m in d["slots"]]
    out = {}
    for t in problem["talks"]:
        dom = set()
        for r in problem["rooms"]:
            if t.get("fixed", {}).get("room", r["id"]) != r["id"]:
                continue
            if not set(t.get("needs", [])) <= set(r["features"]):
                continue
            banned = expand(t.get("unavailable")) | expand(r.get("unavailable"))
            starts = expand(t["only"]) if t.get("only") else every
            for x in starts:
                o = cf.occupied(nxt, x, t["parts"])
                if o and not banned & set(o):
                    dom.add((r["id"], x))
        out[t["id"]] = dom
    return out


def main():
    args = sys.argv[1:]
    out = Path("problems/real/slotmachine")
    scheduled = None
    if "--legacy" in args:
        i = args.index("--legacy")
        out = Path(args[i + 1])
        del args[i:i + 2]
    if "--scheduled" in args:
        i = args.index("--scheduled")
        scheduled = (Path(args[i + 1]), Path(args[i + 2]))
        del args[i:i + 3]
    src = Path("tests/data/slotmachine")
    failed = False
    for name in SAMPLES:
        problem, _ = convert(name, json.loads((src / f"{name}.json").read_text()))
        errs = cf.check_problem(problem)
        assert cf.legacy(problem) == problem  # no new key is needed
        data = json.loads((src / f"{name}.json").read_text())
        same = slotmachine_domain(data) == confsched_domain(problem)
        print(f"{name}: every talk's (venue, start) choices equal slotmachine's: {same}")
        failed |= not same
        print(f"{name}: {len(problem['talks'])} talks; self-check: {'ok' if not errs else errs[:5]}")
        failed |= bool(errs)
        cf.write_problem(out / f"{name}.toml", problem)
    if scheduled:
        path, where = scheduled
        problem, entries = convert(path.stem, json.loads(path.read_text()), scheduled=True)
        errs = cf.check_problem(problem)
        print(f"{path.stem}: self-check: {'ok' if not errs else errs[:5]}")
        for line in cf.summarize(cf.check_timetable(problem, entries)):
            print(f"  its schedule, hard rules: {line}")
        cf.write_problem(where / f"{path.stem}.toml", problem)
        cf.write_timetable(where / f"{path.stem}.schedule.json", problem, entries)
        failed |= bool(errs)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
