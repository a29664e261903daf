#!/usr/bin/env bash
# Approach-3 benchmark: SciPy L-BFGS-B (peer) vs ScalingLab, same data, same machine, back to back,
# repeated (default 3x); prints each run, then medians and the ratio. Needs python3-scipy (Debian;
# /usr/bin/python3 explicitly, since a pyenv python on PATH would not see it).
# Not part of CI. Usage: bench/Fit/run.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")"
data=../../../shared/data/chinchilla-fig4-epoch.csv
reps=${1:-3}
dotnet build -c Release -v q --nologo . >/dev/null
bin=bin/Release/net10.0/Fit.Bench.dll
py=(); cs=(); boot=()
for i in $(seq "$reps"); do
  p=$(/usr/bin/python3 scipy_fit.py "$data"); echo "$p"
  c=$(dotnet "$bin" "$data"); echo "$c"
  py+=("$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$p")")
  cs+=("$(head -1 <<<"$c" | sed -E 's/.*seconds=([0-9.]+).*/\1/')")
  boot+=("$(tail -1 <<<"$c" | sed -E 's/.*seconds=([0-9.]+).*/\1/')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${py[@]}"); mc=$(median "${cs[@]}"); mb=$(median "${boot[@]}")
echo "median over $reps: scipy ${mp}s, scalinglab ${mc}s, ratio $(awk -v a="$mp" -v b="$mc" 'BEGIN {printf "%.1f", a/b}')x; bootstrap 1000 resamples ${mb}s"
echo "all times: scipy ${py[*]} | scalinglab ${cs[*]} | bootstrap ${boot[*]}"
