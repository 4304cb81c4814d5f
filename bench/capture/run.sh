#!/usr/bin/env bash
# Payload capture cost on the predict path: the model worker straight (cache off, so every request reaches the model and capture),
#   with capture off, at 10 % and at 100 %, alternated twice in one run (the machine is noisy: compare ratios).
# Needs the ingest service (POST /api/samples/iris) to train the model it serves. Prints a table.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
peer=${PEER:-$root/bench/peers/fastapi-sklearn}
script="$peer/predict.lua"
duration=${DURATION:-10s}
source "$root/bench/lib/work.sh"

source "$root/bench/lib/iris-stack.sh"
source "$root/bench/lib/wrk.sh"

results="$work/results.tsv"
: >"$results"

worker="http://127.0.0.1:$worker_port/api/models/iris/predict"
# Not through api(): two Content-Type headers are refused (415).
patch() { curl -fsS -o /dev/null -H "X-Api-Key: $key" -H 'Content-Type: application/merge-patch+json' -X PATCH "$gateway/api/models/iris" -d "$1"; }
patch '{"cachePredictions":false}'
for round in $(seq 1 "${ROUNDS:-2}"); do
  patch '{"capture":null}';             bench "capture off (round $round)" "$worker"
  patch '{"capture":{"percent":10}}';   bench "capture 10 % (round $round)" "$worker"
  patch '{"capture":{"percent":100}}';  bench "capture 100 % (round $round)" "$worker"
done
echo "captured objects: $(find "$work/store/captures" -name '*.ndjson' | wc -l), rows: $(find "$work/store/captures/iris" -path "*/1/*.ndjson" -exec cat {} + | wc -l)" >&2

python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
off = {r[0].split(" (")[1]: float(r[1]) for r in rows if r[0].startswith("capture off")}
print("| run | req/s | p50 | p99 | non-2xx | vs capture off, same round |")
print("|---|---:|---:|---:|---:|---:|")
for r in rows:
    base = off[r[0].split(" (")[1]]
    print(f"| {r[0]} | {float(r[1]):,.0f} | {r[2]} | {r[3]} | {r[4]} | {100*(float(r[1])/base-1):+.1f} % |")
PY
