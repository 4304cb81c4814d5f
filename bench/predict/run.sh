#!/usr/bin/env bash
# Online prediction benchmark, one target after the other in one run (2 cores: never two at once):
#   (1) DsApp predict through the gateway   (2) straight to the model worker
#   (3) the peer (FastAPI + scikit-learn)   (4) a bare ASP.NET Core + ML.NET endpoint (bench/predict/Bare)
# (1) and (2) run twice: with the prediction cache on (the default; wrk repeats one row, so the cache answers)
# and off (every request goes through the model). Each: wrk -t2 -c16 -d10s --latency -s predict.lua.
# Needs the ingest service (POST /api/samples/iris) to train the model it serves. Prints a table; OUT= saves it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
peer=${PEER:-$root/bench/peers/fastapi-sklearn}
script="$peer/predict.lua"
duration=${DURATION:-10s}
source "$root/bench/lib/work.sh"

EXTRA_PROJECTS=bench/predict/Bare
source "$root/bench/lib/iris-stack.sh"
source "$root/bench/lib/wrk.sh"

api -X PATCH -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d '{"aliases":{"production":1}}' >/dev/null
# The model file of iris v1, wherever its generation keeps it.
model_zip=$(find "$work/store/models/iris" -path "*/versions/1/model*.zip" | head -1)

results="$work/results.tsv"
: >"$results"

bench "1 gateway, cache on" "$gateway/api/models/iris/predict"
bench "2 worker, cache on" "http://127.0.0.1:$worker_port/api/models/iris/predict"
iris_cache_off
bench "1 gateway, cache off" "$gateway/api/models/iris/predict"
bench "2 worker, cache off" "http://127.0.0.1:$worker_port/api/models/iris/predict"

# Only one system runs while another is measured: stop DsApp before the peer and the bare endpoint.
stop_all

start_peer
bench "3 peer (FastAPI + scikit-learn)" "http://127.0.0.1:$peer_port/api/models/iris/predict"
kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=()

Model="$model_zip" ASPNETCORE_URLS="http://127.0.0.1:$bare_port" dotnet "$root/bench/predict/Bare/bin/Release/net10.0/Bare.dll" >"$work/bare.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$(lua_body)" "http://127.0.0.1:$bare_port/api/models/iris/predict" 2>/dev/null && break; sleep 0.2; done
bench "4 bare ASP.NET Core + ML.NET" "http://127.0.0.1:$bare_port/api/models/iris/predict"

python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
by = {r[0]: r for r in rows}
peer = next(r for r in rows if r[0].startswith("3"))
bare = next(r for r in rows if r[0].startswith("4"))
print("| target | req/s | p50 | p99 | non-2xx | × peer req/s | p99 vs peer | % of bare |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    rps = float(r[1])
    print(f"| {r[0]} | {rps:,.0f} | {r[2]} | {r[3]} | {r[4]} | {rps/float(peer[1]):.2f}× | {ms(r[3])/ms(peer[3]):.2f}× | {100*rps/float(bare[1]):.0f} % |")
PY
