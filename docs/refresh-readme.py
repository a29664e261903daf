#!/usr/bin/env python3
"""Re-runs every ```console block in README.md that starts with `$ scalinglab ...` and replaces
its output with what the program prints now, so the tour stays true. A block whose output ends
in a line `  ...` keeps only as many lines as it had (an excerpt). Usage:
    dotnet build src/ScalingLab.Cli -c Release && docs/refresh-readme.py [--check]
With --check it changes nothing and exits 1 when an output differs."""
import pathlib, re, shlex, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
exe = root / "src/ScalingLab.Cli/bin/Release/net10.0/scalinglab"
readme = root / "README.md"
text = readme.read_text()
block = re.compile(r"```console\n\$ scalinglab (?P<args>[^\n]*)\n(?P<out>.*?)```\n", re.S)
stale = []

def rerun(m):
    args, old = m.group("args"), m.group("out")
    r = subprocess.run([str(exe)] + shlex.split(args), capture_output=True, text=True, cwd=root)
    new = (r.stdout + r.stderr).rstrip("\n") + "\n"
    lines = old.rstrip("\n").split("\n")
    if lines[-1].strip() == "...":  # an excerpt: keep its length
        new = "\n".join(new.split("\n")[: len(lines) - 1]) + "\n  ...\n"
    if new != old:
        stale.append(args)
    return f"```console\n$ scalinglab {args}\n{new}```\n"

updated = block.sub(rerun, text)
if "--check" in sys.argv:
    for a in stale:
        print(f"stale README output: scalinglab {a}")
    sys.exit(1 if stale else 0)
readme.write_text(updated)
print(f"refreshed {len(stale)} block(s)")
