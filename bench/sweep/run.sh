#!/usr/bin/env bash
# The local executor's wall time for a sweep vs the same runs one after another with the default
# `train` (2 threads), on the same machine. Usage: bench/sweep/run.sh SWEEP_DIR (a designed, unrun sweep).
set -euo pipefail
sweep=$(realpath "$1")
sl="dotnet $(dirname "$0")/../../src/ScalingLab.Cli/bin/Release/net10.0/scalinglab.dll"
seq=$(mktemp -d)
t0=$(date +%s.%N)
$sl sweep run "$sweep" --json > /dev/null
t1=$(date +%s.%N)
# The same runs, one at a time, each a plain `train` with its default threads.
grep -E '^  train: ' "$sweep/sweep.yaml" | sed 's/^  train: //' | while read -r args; do
  eval "$sl train $args --out $seq/run-\$RANDOM --peak-flops 1e11 --json" > /dev/null
done
t2=$(date +%s.%N)
echo "sweep run (local executor): $(echo "$t1 - $t0" | bc) s"
echo "one after another (train):  $(echo "$t2 - $t1" | bc) s"
rm -rf "$seq"
