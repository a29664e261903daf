#!/usr/bin/env python3
"""Summaries of hostile.py results files.

    python3 bench/hostile/summarize.py RESULTS.tsv                 every non-CLEAN case, grouped by outcome
    python3 bench/hostile/summarize.py BEFORE.tsv AFTER.tsv        the tallies side by side and what changed per case
"""

import csv
import sys
from collections import Counter, defaultdict

ORDER = ["CLEAN", "INTERNAL", "GARBAGE", "HANG", "WRONG-CODE", "MESSAGE", "N/A"]
FAILURES = ["INTERNAL", "GARBAGE", "HANG", "WRONG-CODE", "MESSAGE"]


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def tally(rows):
    c = Counter(r["outcome"] for r in rows)
    return {o: c.get(o, 0) for o in ORDER}


def line(name, rows):
    t = tally(rows)
    fails = sum(t[o] for o in FAILURES)
    return (f"{name}: cases {len(rows)}, applicable {len(rows) - t['N/A']}, clean {t['CLEAN']}, failures {fails} "
            f"({', '.join(f'{o} {t[o]}' for o in FAILURES)}), N/A {t['N/A']}")


def failures(rows):
    groups = defaultdict(list)
    for r in rows:
        if r["outcome"] not in ("CLEAN", "N/A"):
            groups[r["outcome"]].append(r)
    print(line("results", rows))
    for o in FAILURES:
        if not groups[o]:
            continue
        print(f"\n## {o} ({len(groups[o])})\n")
        for r in sorted(groups[o], key=lambda r: (int(r["cls"]), r["id"])):
            setup = f" [{r['setup']}]" if r["setup"] else ""
            print(f"- {r['id']}: `{r['command']}`{setup} -> exit {r['exit'] or '-'}: {r['reason']}")


def compare(before, after):
    print(line("before", before))
    print(line("after ", after))
    b = {r["id"]: r for r in before}
    moves = Counter()
    for r in after:
        old = b.get(r["id"])
        moves[(old["outcome"] if old else "(new)", r["outcome"])] += 1
    print("\nper case, before -> after:")
    for (x, y), n in sorted(moves.items(), key=lambda kv: -kv[1]):
        print(f"  {x:>10} -> {y:<10} {n}")


if __name__ == "__main__":
    if len(sys.argv) == 2:
        failures(load(sys.argv[1]))
    elif len(sys.argv) == 3:
        compare(load(sys.argv[1]), load(sys.argv[2]))
    else:
        print(__doc__)
        sys.exit(2)
