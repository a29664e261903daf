#!/usr/bin/env python3
"""Lists sbatch's documented options from its manual page.

Usage: sbatch-options.py SBATCH_1_GZ PACKAGE_VERSION > sbatch-options.txt

Reads the OPTIONS section of sbatch.1 (as shipped in Debian's slurm-client package: `apt-get download
slurm-client`, `dpkg -x`, usr/share/man/man1/sbatch.1.gz) and prints every long option (--nodes) and
short option (-N) named on an option's heading line, one a line.
"""
import gzip
import re
import sys
from datetime import datetime, timezone

text = gzip.open(sys.argv[1], "rt", encoding="utf-8", errors="replace").read().splitlines()
options, in_options, heading = set(), False, False
for line in text:
    if line.startswith(".SH"):
        in_options = "OPTIONS" in line
    elif in_options and line.startswith(".TP"):
        heading = True
    elif heading:
        heading = False
        if line.startswith("\\fB\\-"):
            for name in re.findall(r"\\fB((?:\\-){1,2}[A-Za-z0-9][A-Za-z0-9\\-]*)\\fR", line):
                options.add(name.replace("\\-", "-"))
print(f"# sbatch options documented in sbatch(1) of Slurm {sys.argv[2]} (Debian 12 slurm-client);")
print(f"# extracted by data/engines/sbatch-options.py on {datetime.now(timezone.utc):%Y-%m-%d}. One option a line.")
for o in sorted(options):
    print(o)
