#!/usr/bin/env python3
"""Hostile-input benchmark for a `scalinglab` binary (issue 13).

    python3 bench/hostile/hostile.py PATH/TO/scalinglab [--results FILE.tsv] [--jobs N] [--filter REGEX] [--list]

Runs every case of catalogue.py against the binary, each in its own empty folder with a time
limit, and classifies it: CLEAN, INTERNAL, GARBAGE, HANG, WRONG-CODE, MESSAGE, or N/A (the binary
lacks the verb). Prints the tally and writes a TSV with every case, its outcome and a one-line
reason. Inputs are generated with fixed seeds; see README.md."""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from catalogue import build  # noqa: E402
from fixtures import FixtureMissing, Fixtures  # noqa: E402
import harness  # noqa: E402
from harness import (CLEAN, FAILURES, GARBAGE, HANG, INTERNAL, NA, OUTCOMES, Ctx, changed, judge,  # noqa: E402
                     kill_group, snapshot)

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def verbs_of(binary, env):
    """The verbs the binary has (its root --help), and export's engines."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, env=env, timeout=120).stdout
    verbs = set()
    in_cmds = False
    for line in out.splitlines():
        if line.startswith("Commands:"):
            in_cmds = True
            continue
        if in_cmds:
            m = re.match(r"^  (\w[\w-]*)", line)
            if m:
                verbs.add(m.group(1))
    return verbs


_HELP = {}
_HELP_LOCK = threading.Lock()


def help_of(binary, env, words):
    key = tuple(words)
    with _HELP_LOCK:
        if key not in _HELP:
            _HELP[key] = subprocess.run([binary, *words, "--help"], capture_output=True, text=True, env=env, timeout=120).stdout
        return _HELP[key]


def run_case(case, binary, env, root, fixtures, verbs):
    started = time.monotonic()
    if case.verb not in verbs:
        return NA, f"this binary has no `{case.verb}` verb", "", 0.0, 0
    if case.needs:
        words, option = case.needs
        if option not in help_of(binary, env, words):
            return NA, f"this binary's `{' '.join(words)}` has no {option}", "", 0.0, 0
    folder = os.path.join(root, "cases", case.folder)
    os.makedirs(folder)
    ctx = Ctx(case, folder, fixtures.root, binary, env, fixtures, REPO)
    try:
        if case.setup:
            case.setup(ctx)
        skip = list(case.mutable) + [".stdout*", ".stderr*"]
        before = snapshot(folder, skip) if case.preserve == "auto" else None
        if case.custom:
            outcome, reason, rc = case.custom(ctx)
            threads = 0
        else:
            res = ctx.exec(case.argv, stdin=case.stdin)
            rc, threads = res.rc, res.max_threads
            outcome, reason = judge(case, res)
            if outcome == CLEAN and res.rc == 0 and case.check:
                verdict = case.check(ctx, res)
                if verdict:
                    outcome, reason = verdict
            if res.rc not in (0, None):
                left = [a for a in case.absent if os.path.lexists(ctx.p(a))]
                if left and outcome != HANG:
                    outcome, reason = GARBAGE, f"failed (exit {res.rc}) but left {', '.join(left)} behind; {reason}"
        if before is not None:
            lost = changed(before, folder, skip)
            if lost and outcome != HANG:
                outcome, reason = GARBAGE, f"input damaged: {', '.join(lost[:3])}; {reason}"
        return outcome, reason, "" if rc is None else str(rc), time.monotonic() - started, threads
    except FixtureMissing as e:
        return NA, str(e), "", time.monotonic() - started, 0
    except Exception as e:  # a bug of the benchmark, not of the program: say so loudly
        log(f"BENCHMARK ERROR in {case.id}: {e}\n{traceback.format_exc()}")
        return NA, f"benchmark error: {type(e).__name__}: {e}", "", time.monotonic() - started, 0


DEVICES = ("/dev/null", "/dev/full", "/dev/zero")


def devices_intact():
    import stat
    return [d for d in DEVICES if not (os.path.exists(d) and stat.S_ISCHR(os.stat(d).st_mode))]


def tally(rows):
    counts = {o: 0 for o in OUTCOMES}
    for r in rows:
        counts[r["outcome"]] += 1
    return counts


def print_tally(rows, binary, seconds):
    counts = tally(rows)
    n = len(rows)
    applicable = n - counts[NA]
    fails = sum(counts[o] for o in FAILURES)
    print(f"\nbinary: {binary}")
    print(f"cases: {n}  (applicable {applicable}, N/A {counts[NA]})  clean: {counts[CLEAN]}  failures: {fails}"
          f"  [{', '.join(f'{o} {counts[o]}' for o in FAILURES)}]  in {seconds / 60:.1f} min")
    print("\nby issue class   cases  " + "  ".join(f"{o:>10}" for o in OUTCOMES))
    for cls in range(1, 9):
        sub = [r for r in rows if r["cls"] == cls]
        c = tally(sub)
        print(f"  {cls}              {len(sub):5d}  " + "  ".join(f"{c[o]:>10}" for o in OUTCOMES))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="path of the scalinglab executable")
    ap.add_argument("--results", help="TSV to write (default: hostile-results.tsv in the current folder)",
                    default="hostile-results.tsv")
    ap.add_argument("--jobs", type=int, default=4, help="cases run at once (default 4)")
    ap.add_argument("--filter", help="only cases whose id matches this regular expression")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (cases' files) for inspection")
    args = ap.parse_args()

    cases = build(REPO)
    for i, c in enumerate(cases):
        c.folder = f"c{i:04d}"
    if args.filter:
        cases = [c for c in cases if re.search(args.filter, c.id)]
    if args.list:
        for c in cases:
            print(f"{c.id}\t{c.cls}\t{c.verb}\t{c.command()}")
        print(f"{len(cases)} cases", file=sys.stderr)
        return 0

    broken = devices_intact()
    if broken:
        log(f"WARNING: {broken} are not character devices here; cases that use them will be N/A or wrong")
    def stop(signum, frame):
        # the cases run in their own sessions: end them before leaving
        for pgid in list(harness.LIVE):
            kill_group(pgid)
        log(f"stopped by signal {signum}; cases ended")
        os._exit(130)
    import signal as _signal
    _signal.signal(_signal.SIGINT, stop)
    _signal.signal(_signal.SIGTERM, stop)

    binary = os.path.abspath(args.binary)
    env = {k: v for k, v in os.environ.items() if k != "SCALINGLAB_DEBUG"}
    env.update(DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", TERM="dumb")
    # digits only in the name: no figure-like text (1e60) in the paths the program echoes
    root = os.path.join(tempfile.gettempdir(), f"hostile-{os.getpid()}-{int(time.time())}")
    os.makedirs(root)
    t0 = time.monotonic()
    log(f"{len(cases)} cases against {binary}; work folder {root}")
    verbs = verbs_of(binary, env)
    log(f"verbs: {', '.join(sorted(verbs))}")
    fixtures = Fixtures(os.path.join(root, "fix"), binary, REPO, env, log)
    fixtures.build(verbs)
    fix_before = snapshot(fixtures.root, [".logs/*"])
    log(f"fixtures ready in {time.monotonic() - t0:.0f} s; running cases with {args.jobs} at once")

    rows = []
    lock = threading.Lock()
    done = [0]
    order = sorted(cases, key=lambda c: -c.cost)

    def one(case):
        outcome, reason, rc, seconds, threads = run_case(case, binary, env, root, fixtures, verbs)
        row = {"id": case.id, "folder": case.folder, "cls": case.cls, "verb": case.verb, "outcome": outcome, "exit": rc,
               "seconds": f"{seconds:.1f}", "threads": str(threads or ""), "reason": reason, "setup": case.desc,
               "command": "scalinglab " + case.command()}
        with lock:
            rows.append(row)
            done[0] += 1
            if outcome != CLEAN:
                log(f"{done[0]}/{len(cases)} {outcome:10s} {case.id}: {reason[:150]}")
            elif done[0] % 25 == 0:
                log(f"{done[0]}/{len(cases)} ...")
        return row

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(one, order))

    broken_after = [d for d in devices_intact() if d not in broken]
    if broken_after:
        log(f"WARNING: a case replaced {broken_after} (no longer character devices); restore with mknod")
    lost = changed(fix_before, fixtures.root, [".logs/*"])
    if lost:
        log(f"WARNING: cases changed shared fixtures: {lost[:5]}")
    rows.sort(key=lambda r: (r["cls"], r["id"]))
    cols = ["id", "folder", "cls", "verb", "outcome", "exit", "seconds", "threads", "reason", "setup", "command"]
    with open(args.results, "w") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(str(r[c]).replace(root, "$WORK").replace("\t", " ").replace("\n", "\\n") for c in cols) + "\n")
    elapsed = time.monotonic() - t0
    print_tally(rows, binary, elapsed)
    print(f"\nresults: {os.path.abspath(args.results)}")
    if fixtures.failed:
        print(f"fixtures that could not be made: {fixtures.failed}")
    if args.keep:
        print(f"work folder kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
