#!/usr/bin/env bash
# Latency of `scalinglab plan` (process start included) against the Python peer doing the same
# allocation with NumPy/SciPy, measured in one hyperfine run on this machine.
# Needs: hyperfine and Debian's python3-scipy (apt-get install -y hyperfine python3-scipy); the peer runs
# under /usr/bin/python3, where Debian installs SciPy.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Published ReadyToRun, as README's install step does: start-up JIT is most of a plan's time.
dotnet publish src/ScalingLab.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/bench-plan --verbosity quiet >/dev/null
exe=artifacts/bench-plan/scalinglab
budget=${1:-5.76e23}
# Same answer first: both must print the same N to 6 digits.
ours=$($exe plan --budget "$budget" --json | python3 -c 'import json,sys; print("%.6g" % json.load(sys.stdin)["parameters"])')
peer=$(/usr/bin/python3 bench/plan/peer_plan.py "$budget" | python3 -c 'import json,sys; print("%.6g" % json.load(sys.stdin)["parameters"])')
echo "parameters: scalinglab $ours, peer $peer"
[ "$ours" = "$peer" ] || { echo "answers differ"; exit 1; }
out=$(mktemp)
hyperfine --warmup 3 --runs ${RUNS:-20} --export-json "$out" \
  -n scalinglab "$exe plan --budget $budget --json" \
  -n python-scipy-peer "/usr/bin/python3 bench/plan/peer_plan.py $budget"
python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["scalinglab"]["median"], r["python-scipy-peer"]["median"]
print(f"median: scalinglab {a*1000:.0f} ms, peer {b*1000:.0f} ms, peer/scalinglab = {b/a:.2f}x")
PY
