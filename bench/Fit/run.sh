#!/usr/bin/env bash
# Approach-3 benchmark, whole processes on one machine in one run, back to back, repeated (default 3x):
#   SciPy 1.10 L-BFGS-B from the 4,500 starts (scipy_fit.py, the peer), ScalingLab's 4,500-start grid
#   (Fit.Bench grid), ScalingLab's variable projection (Fit.Bench vp), and the published ReadyToRun CLI
#   (`scalinglab fit --approach 3 --json`, what a user runs; variable projection by default).
# Then the row scaling (1e3 to 1e6 synthetic rows, read from CSV and fitted) unless SCALING=0.
# Needs python3-scipy (Debian; /usr/bin/python3 explicitly, since a pyenv python on PATH would not see it).
# Not part of CI. Usage: bench/Fit/run.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")"
data=../../data/chinchilla-fig4-epoch.csv
reps=${1:-3}
dotnet build -c Release -v q --nologo . >/dev/null
cli=$(mktemp -d)
dotnet publish ../../src/ScalingLab.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$cli" -v q --nologo >/dev/null
bin=bin/Release/net10.0/Fit.Bench.dll
TIMEFORMAT='%R'
declare -A wall
for i in $(seq "$reps"); do
  for what in scipy grid vp cli; do
    case $what in
      scipy) cmd=(/usr/bin/python3 scipy_fit.py "$data") ;;
      grid) cmd=(dotnet "$bin" "$data" grid) ;;
      vp) cmd=(dotnet "$bin" "$data" vp) ;;
      cli) cmd=("$cli/scalinglab" fit "$data" --drop-top 5 --approach 3 --json) ;;
    esac
    t=$( { time "${cmd[@]}" >/tmp/bench-fit-$what.out 2>/dev/null; } 2>&1 )
    wall[$what]="${wall[$what]:-} $t"
    if [ "$what" = cli ]; then obj=$(grep -m1 '"objective"' /tmp/bench-fit-cli.out | tr -d ' ,'); echo "cli: process ${t}s $obj"
    else echo "$what: process ${t}s $(head -1 /tmp/bench-fit-$what.out)"; fi
  done
done
median() { printf '%s\n' $@ | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=$(median ${wall[scipy]}); g=$(median ${wall[grid]}); v=$(median ${wall[vp]}); c=$(median ${wall[cli]})
echo "median whole-process wall over $reps: scipy ${s}s, grid ${g}s ($(awk -v a="$s" -v b="$g" 'BEGIN {printf "%.1f", a/b}')x), vp ${v}s ($(awk -v a="$s" -v b="$v" 'BEGIN {printf "%.1f", a/b}')x), cli (R2R, vp) ${c}s ($(awk -v a="$s" -v b="$c" 'BEGIN {printf "%.1f", a/b}')x); load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
if [ "${SCALING:-1}" != 0 ]; then
  for rows in 1000 10000 100000 1000000; do dotnet "$bin" --rows $rows; done
fi
rm -rf "$cli"
