#!/usr/bin/env bash
# The local executor's wall time for a sweep vs the same runs one after another with the default
# `train` (its default threads), on the same machine, in the same invocation.
#
#   bench/sweep/run.sh SWEEP_DIR [MAX_SEQUENTIAL_SECONDS]
#
# SWEEP_DIR is a designed sweep that has not run yet. The sweep's own output is kept in
# SWEEP_DIR/bench-run.out and .err. The one-after-another half starts no new run once
# MAX_SEQUENTIAL_SECONDS (default: no limit) have passed; it then reports the runs it finished and
# projects the rest by their share of the sweep's FLOPs. SCALINGLAB is the command to run
# (default: the Release build of this checkout). The load average is printed before and after each
# half, since other work on the machine moves both numbers.
set -euo pipefail
sweep=$(realpath "$1")
limit=${2:-0}
sl=${SCALINGLAB:-"dotnet $(dirname "$(realpath "$0")")/../../src/ScalingLab.Cli/bin/Release/net10.0/scalinglab.dll"}
seq=$(mktemp -d)
trap 'rm -rf "$seq"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "sweep run (local executor): load $(load)"
t0=$(date +%s.%N)
$sl sweep run "$sweep" > "$sweep/bench-run.out" 2> "$sweep/bench-run.err"
t1=$(date +%s.%N)
sweep_s=$(echo "$t1 - $t0" | bc)
echo "sweep run (local executor): $sweep_s s, load $(load)"

# The same runs, one at a time, each a plain `train` with its default threads, in the spec's order.
mapfile -t lines < <(grep -E '^  train: ' "$sweep/sweep.yaml" | sed 's/^  train: //')
mapfile -t flops < <(grep -E '^  flops: ' "$sweep/sweep.yaml" | sed 's/^  flops: //')
done_runs=0; done_flops=0; all_flops=0
for f in "${flops[@]}"; do all_flops=$(echo "$all_flops + $f" | bc); done
echo "one after another (train): load $(load)"
t2=$(date +%s.%N)
for i in "${!lines[@]}"; do
  if [ "$limit" != 0 ] && [ "$(echo "$(date +%s.%N) - $t2 > $limit" | bc)" = 1 ]; then break; fi
  eval "$sl train ${lines[$i]} --out $seq/run-$i --store $seq/seq.db --peak-flops 1e11 --json" > /dev/null
  done_runs=$((done_runs + 1)); done_flops=$(echo "$done_flops + ${flops[$i]}" | bc)
done
t3=$(date +%s.%N)
seq_s=$(echo "$t3 - $t2" | bc)
echo "one after another (train): $done_runs of ${#lines[@]} runs in $seq_s s, load $(load)"
if [ "$done_runs" -lt "${#lines[@]}" ]; then
  echo "one after another (train): all ${#lines[@]} runs projected at $(echo "scale=1; $seq_s * $all_flops / $done_flops" | bc) s (by FLOPs)"
fi
