#!/usr/bin/env bash
# Approach-3 benchmark: SciPy L-BFGS-B (peer) vs ScalingLab, same data, same machine, back to back,
# repeated (default 3x); prints each run, then medians and the ratio. Needs python3-scipy (Debian;
# /usr/bin/python3 explicitly, since a pyenv python on PATH would not see it).
# Reports the fit's own wall time (printed by each program) and each whole process's wall and CPU
# time (user+sys): on a shared, loaded machine CPU time is the steadier of the two.
# Not part of CI. Usage: bench/Fit/run.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")"
data=../../data/chinchilla-fig4-epoch.csv
reps=${1:-3}
dotnet build -c Release -v q --nologo . >/dev/null
bin=bin/Release/net10.0/Fit.Bench.dll
TIMEFORMAT='%R %U %S'
py=(); cs=(); boot=(); pyw=(); pyc=(); csw=(); csc=()
for i in $(seq "$reps"); do
  { t=$( { time /usr/bin/python3 scipy_fit.py "$data" >/tmp/bench-peer.out; } 2>&1 ); } ; p=$(cat /tmp/bench-peer.out); echo "$p"
  read -r w u s <<<"$t"; pyw+=("$w"); pyc+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u+s}')")
  echo "  peer process: wall ${w}s, cpu $(awk -v u="$u" -v s="$s" 'BEGIN {print u+s}')s"
  { t=$( { time dotnet "$bin" "$data" >/tmp/bench-ours.out; } 2>&1 ); } ; c=$(cat /tmp/bench-ours.out); echo "$c"
  read -r w u s <<<"$t"; csw+=("$w"); csc+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u+s}')")
  echo "  scalinglab process (fit, warm refits, bootstrap): wall ${w}s, cpu $(awk -v u="$u" -v s="$s" 'BEGIN {print u+s}')s"
  py+=("$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$p")")
  cs+=("$(head -1 <<<"$c" | sed -E 's/.*seconds=([0-9.]+).*/\1/')")
  boot+=("$(tail -1 <<<"$c" | sed -E 's/.*seconds=([0-9.]+).*/\1/')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${py[@]}"); mc=$(median "${cs[@]}"); mb=$(median "${boot[@]}")
echo "median over $reps: fit wall scipy ${mp}s, scalinglab ${mc}s (cold, JIT included), ratio $(awk -v a="$mp" -v b="$mc" 'BEGIN {printf "%.1f", a/b}')x; bootstrap 1000 resamples ${mb}s"
echo "median process cpu: scipy $(median "${pyc[@]}")s; scalinglab $(median "${csc[@]}")s for fit + 2 warm refits + bootstrap"
echo "all fit times: scipy ${py[*]} | scalinglab ${cs[*]} | bootstrap ${boot[*]}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
