#!/usr/bin/env bash
# The README's worked sweep, end to end, on the Brown Corpus: prepare, design (about 12 minutes of
# runs on this machine), run (through bench/sweep/run.sh, which also times the same runs one after
# another with plain `train`), analyze at 10x the largest budget, verify at 3x, status. It is long
# (half an hour or more on 2 cores): run it once, by hand; every command's output is kept in OUT.
#
#   bench/sweep/example.sh OUT [MAX_SEQUENTIAL_SECONDS]
set -euo pipefail
out=$(realpath -m "$1"); limit=${2:-0}
here=$(dirname "$(realpath "$0")")
export SCALINGLAB=${SCALINGLAB:-"$here/../../src/ScalingLab.Cli/bin/Release/net10.0/scalinglab"}
mkdir -p "$out"; cd "$out"
step() { # name, then the scalinglab arguments: prints the command and keeps its output and time
  local name=$1; shift
  echo "\$ scalinglab $*" > "$name.txt"
  local t0; t0=$(date +%s.%N)
  set +e; $SCALINGLAB "$@" >> "$name.txt" 2>&1; local rc=$?; set -e
  echo "[$name: exit $rc, $(echo "$(date +%s.%N) - $t0" | bc) s, load $(cut -d' ' -f1-3 /proc/loadavg)]" | tee -a times.txt
  return $rc
}
date -u > started.txt
step prepare data prepare "$here/../../data/brown" --format brown --out brown-byte --force
step design sweep design --data brown-byte --law hoffmann2022 --target-budget 2e13 --sweep-budget 12m --budgets 4 --sizes 5 --context 64 --out sweeps/brown
largest=$(grep -E '^  budget: ' sweeps/brown/sweep.yaml | sed 's/^  budget: //' | sort -g | tail -1)
predict=$(python3 -c "print(f'{10*$largest:.3g}')"); check=$(python3 -c "print(f'{3*$largest:.3g}')")
echo "largest sweep budget $largest; predict at $predict; verify at $check" | tee -a times.txt
"$here/run.sh" sweeps/brown "$limit" 2>&1 | tee bench.txt
step status sweep status sweeps/brown
step analyze sweep analyze sweeps/brown --budget "$predict" --out brown-law.json
step analyze-json sweep analyze sweeps/brown --budget "$predict" --json
step verify sweep verify sweeps/brown --budget "$check" --threads 1
step verify-json sweep verify sweeps/brown --budget "$check" --threads 1 --json
date -u > finished.txt
