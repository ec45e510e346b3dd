#!/usr/bin/env python3
"""Scores the real instances: the authors' (or the published) timetables
under confsched's terms against confsched's own within a time limit.

Run from the repository root after `cargo build --release`:

    python3 tools/real-table.py cosplib [--time-limit 60] [--only NAME,...] [--out DIR] [--bin PATH]
    python3 tools/real-table.py fosdem  [--time-limit 30]

For every CoSPLib instance: `confsched verify` of each
`<INSTANCE>.authors-*.json` (the best valid one is "authors"), then
`confsched solve --time-limit S --format json` (wall time of the whole
process, and with CONFSCHED_TRACE set, the first moment the search reported
its final objective), `confsched verify` of our timetable, and the proven
bound from the summary line. Prints a Markdown table (sorted by instance),
one row per instance; the terms are the score's non-zero terms, unweighted.

`fosdem` does the same for problems/real/fosdem-2026.toml and
pyconuk-2017.toml against their published programs (`*.program.json`).

Times depend on the machine and its load; the objectives do not (the search
is deterministic up to how far it gets before the limit).
"""

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True
BIN = Path("target/release/confsched")  # --bin PATH for another build
COSPLIB = Path("problems/real/cosplib")


def verify(problem, timetable):
    """(objective or None, terms text, first violation lines)."""
    r = subprocess.run([BIN, "verify", problem, timetable], capture_output=True, text=True)
    out = r.stdout + r.stderr
    m = re.search(r"valid: .*?objective (\d+) \(([^)]*)\)", out)
    if m and r.returncode == 0:
        return int(m.group(1)), terms(m.group(2)), []
    bad = [x for x in out.splitlines() if x.startswith("violation")]
    return None, "", bad


def terms(text):
    """The non-zero terms but empty seats (weight 0 in every real file)."""
    keep = []
    for part in text.split(", "):
        name, _, n = part.rpartition(" ")
        if name != "empty seats" and n != "0":
            keep.append(part)
    return ", ".join(keep) or "-"


def solve(problem, limit, out):
    env = {"CONFSCHED_TRACE": "1", "PATH": "/usr/bin:/bin"}
    t0 = time.monotonic()
    r = subprocess.run([BIN, "solve", problem, "--time-limit", str(limit), "--format", "json",
                        "-o", out], capture_output=True, text=True, env=env)
    wall = time.monotonic() - t0
    lines = r.stderr.splitlines()
    summary = next((x for x in reversed(lines) if not x.startswith("trace:")), "")
    best_at = []
    for x in lines:
        m = re.match(r"trace: .*: best Some\((\d+)\), bound (?:Some\((\d+)\)|None), ([\d.]+) s", x)
        if m:
            best_at.append((int(m.group(1)), float(m.group(3))))
    bound = re.search(r"lower bound (\d+)", summary)
    optimal = summary.startswith("optimal")
    return r.returncode, wall, summary, best_at, int(bound.group(1)) if bound else None, optimal


def row(name, problem, refs, limit, outdir):
    authors = []
    for label, path in refs:
        obj, t, bad = verify(problem, path)
        authors.append((label, obj, t, bad))
    valid = [a for a in authors if a[1] is not None]
    best = min(valid, key=lambda a: a[1]) if valid else None
    out = str(Path(outdir) / f"{name}.json")
    code, wall, summary, best_at, bound, optimal = solve(problem, limit, out)
    ours, ours_terms, bad = verify(problem, out) if code == 0 else (None, "", [summary])
    reached = next((t for b, t in best_at if ours is not None and b <= ours), None)
    if optimal and ours is not None:
        gap = "0 (optimal)"
    elif bound is not None and ours is not None:
        gap = f"{ours - bound} (bound {bound})"
    else:
        gap = "-"
    a_text = (f"{best[1]} ({best[0]}: {best[2]})" if best
              else ("invalid: " + "; ".join(f"{a[0]} {len(a[3])} violations" for a in authors)
                    if authors else "-"))
    o_text = f"{ours} ({ours_terms})" if ours is not None else f"none: {summary[:60]}"
    win = "-" if best is None or ours is None else ("yes" if ours <= best[1] else "NO")
    reached_text = f"{reached:.1f} s" if reached is not None else "-"
    return f"| {name} | {a_text} | {o_text} | {win} | {reached_text} | {wall:.1f} s | {gap} |"


def main():
    args = sys.argv[1:]
    which = args[0] if args else "cosplib"
    limit = 60 if which == "cosplib" else 30
    only = None
    outdir = None
    if "--time-limit" in args:
        limit = float(args[args.index("--time-limit") + 1])
    if "--only" in args:
        only = set(args[args.index("--only") + 1].split(","))
    if "--bin" in args:
        global BIN
        BIN = Path(args[args.index("--bin") + 1])
    if "--out" in args:
        outdir = args[args.index("--out") + 1]
    outdir = outdir or tempfile.mkdtemp(prefix="confsched-table-")
    Path(outdir).mkdir(parents=True, exist_ok=True)
    print(f"time limit {limit:g} s; our timetables in {outdir}")
    print("| instance | authors (best valid) | ours | ours <= authors | reached at | whole run "
          "| proven gap |")
    print("|---|---|---|---|---|---|---|")
    if which == "cosplib":
        for problem in sorted(COSPLIB.glob("*.toml")):
            name = problem.stem
            if only and name not in only:
                continue
            refs = [(p.name.split(".")[1].removeprefix("authors-"), str(p))
                    for p in sorted(COSPLIB.glob(f"{name}.authors-*.json"))]
            print(row(name, str(problem), refs, limit, outdir), flush=True)
    else:
        for name in ("fosdem-2026", "pyconuk-2017"):
            if only and name not in only:
                continue
            problem = f"problems/real/{name}.toml"
            refs = [("published", f"problems/real/{name}.program.json")]
            print(row(name, problem, refs, limit, outdir), flush=True)


if __name__ == "__main__":
    main()
