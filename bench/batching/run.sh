#!/usr/bin/env bash
# Adaptive batching and the ONNX runtime, in one run, one measurement after the other (2 cores: never two at once):
#  (1) batching: iris as ML.NET (trained, lbfgs seed 1) and as ONNX (DsApp.Tests/Infrastructure/Fixtures/Onnx/iris-logreg.onnx, the same
#      StandardScaler + LogisticRegression kind of model, exported by skl2onnx), batching off and on (BATCH_SETTINGS, by
#      default {"maxBatchSize":32,"maxBatchDelayMs":2} and {"maxBatchSize":32,"maxBatchDelayMs":0}), each at CONNECTIONS
#      (1 16 64) wrk connections, straight to the model worker (no gateway: the gateway's own CPU would hide what the
#      runtime call costs). A fresh stack (bench/lib/iris-stack.sh) for every runtime × setting; the prediction cache off
#      (wrk repeats one row, which the cache would answer). Also the rows per runtime call (the statistics extension's
#      inference_count / execution_count over warm-up and measurement).
#  (2) through the gateway at 16 connections, cache off, batching off: the ML.NET iris model, the ONNX iris model, then
#      (DsApp stopped) the peer (bench/peers/fastapi-sklearn/run.sh).
#  (3) rows per request: the ONNX iris model, cache off, ROW_COUNTS rows per request, 50 sequential requests each (after
#      5 discarded) on one kept-alive connection, through the gateway and straight to the worker; p50 and p95. The
#      limits are raised for this part only: Inference__MaxRows=1000000, Inference__MaxBodyBytes=64 MiB on the worker and
#      Gateway__BodyLimits__PredictionBytes=64 MiB on the gateway (the defaults: 1,000 rows, 1 MiB).
# Each wrk measurement: WARMUP (10s) discarded, then DURATION (10s) with --latency (bench/lib/wrk.sh).
# TARGET=gateway measures (1) through the gateway instead (CPU columns: gateway/worker). PARTS (batching gateway rows) picks parts; RUNTIMES (mlnet onnx) the runtimes of (1); ROUNDS (1) repeats (1), the order
# of the settings reversed every other round, and the table then gives the median of the rounds.
# Usage: bench/batching/run.sh   (OUT=file saves the tables; KEEP=dir keeps the raw wrk reports)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
peer=${PEER:-$root/bench/peers/fastapi-sklearn}
script="$peer/predict.lua"
duration=${DURATION:-10s}
connections=${CONNECTIONS:-1 16 64}
batch_settings=${BATCH_SETTINGS:-'{"maxBatchSize":32,"maxBatchDelayMs":2} {"maxBatchSize":32,"maxBatchDelayMs":0}'}
row_counts=${ROW_COUNTS:-1 10 100 500 1000 2000 5000 10000 20000 50000}
parts=${PARTS:-batching gateway rows}
runtimes=${RUNTIMES:-mlnet onnx}
rounds=${ROUNDS:-1}
part() { [[ " $parts " == *" $1 "* ]]; }
onnx_file="$root/DsApp.Tests/Infrastructure/Fixtures/Onnx/iris-logreg.onnx"
source "$root/bench/lib/work.sh"
source "$root/bench/lib/wrk.sh"

results="$bench_dir/results.tsv"; batches="$bench_dir/batches.tsv"; loads="$bench_dir/loads.txt"
: >"$results"; : >"$batches"; : >"$loads"
note_load() { echo "$(date -u +%H:%M:%S) $1: load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$loads" >&2; }
patch() { api -X PATCH -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/$1" -d "$2" >/dev/null; }
# A fresh stack (Redis, ingest, worker, gateway; iris trained) in its own folder, plus the ONNX iris model "iris-onnx".
fresh_stack() {
  work="$bench_dir/$1"; mkdir -p "$work"
  source "$root/bench/lib/iris-stack.sh"
  api -X POST "${json[@]}" "$gateway/api/models" >/dev/null \
    -d '{"name":"iris-onnx","task":"multiclass-classification","label":"species","features":["sepal_length","sepal_width","petal_length","petal_width"]}'
  api -X PUT -H 'Content-Type: application/onnx' --data-binary @"$onnx_file" "$gateway/api/models/iris-onnx/versions/1" >/dev/null
}
# inference_count and execution_count of version 1 of a model, on this worker.
counts() {
  api "http://127.0.0.1:$worker_port/v2/models/$1/versions/1/stats" |
    python3 -c 'import json,sys; s=json.load(sys.stdin)["model_stats"][0]; print(s["inference_count"], s["execution_count"])'
}

note_load "start"
# (1) batching, a fresh stack per runtime and setting (and round)
settings=(null $batch_settings)
for round in $(seq 1 "$rounds"); do
  order=("${settings[@]}")
  if (( round % 2 == 0 )); then order=(); for (( i=${#settings[@]}-1; i>=0; i-- )); do order+=("${settings[i]}"); done; fi
  for runtime in $runtimes; do
    part batching || continue
    model=$([[ $runtime == onnx ]] && echo iris-onnx || echo iris)
    for setting in "${order[@]}"; do
      label=$([[ $setting == null ]] && echo "off" || python3 -c "import json,sys; s=json.loads(sys.argv[1]); print('on %d/%dms' % (s['maxBatchSize'], s['maxBatchDelayMs']))" "$setting")
      echo "== round $round: $runtime, batching $label" >&2
      fresh_stack "$round-$runtime-$(tr -c 'a-z0-9' '_' <<<"$label")"
      patch "$model" "{\"cachePredictions\":false,\"batching\":$setting}"
      note_load "round $round, $runtime batching $label"
      for c in $connections; do
        read -r i0 e0 < <(counts "$model")
        if [[ ${TARGET:-worker} == gateway ]]; then
          WRK_CONNECTIONS=$c bench "$runtime|$label|$c" "$gateway/api/models/$model/predict" "${service_pid[api]}" "${service_pid[modelworker]}"
        else
          WRK_CONNECTIONS=$c bench "$runtime|$label|$c" "http://127.0.0.1:$worker_port/api/models/$model/predict" "${service_pid[modelworker]}"
        fi
        read -r i1 e1 < <(counts "$model")
        printf '%s|%s|%s\t%s\n' "$runtime" "$label" "$c" "$(python3 -c "print(f'{($i1-$i0)/max($e1-$e0,1):.1f}')")" >>"$batches"
      done
      stop_all
    done
  done
done

# (2) through the gateway: ML.NET, ONNX, then the peer alone
if part gateway; then
echo "== through the gateway" >&2
fresh_stack gateway
patch iris '{"cachePredictions":false}'; patch iris-onnx '{"cachePredictions":false}'
note_load "gateway comparison"
WRK_CONNECTIONS=16 bench "gateway|ML.NET iris (lbfgs)" "$gateway/api/models/iris/predict" "${service_pid[api]}" "${service_pid[modelworker]}"
WRK_CONNECTIONS=16 bench "gateway|ONNX iris (skl2onnx logreg)" "$gateway/api/models/iris-onnx/predict" "${service_pid[api]}" "${service_pid[modelworker]}"
stop_all
start_peer
note_load "peer"
WRK_CONNECTIONS=16 bench "gateway|peer (FastAPI + scikit-learn, direct)" "http://127.0.0.1:$peer_port/api/models/iris/predict"
stop_all
fi

# (3) rows per request, limits raised for this stack only
rows_table=""
if part rows; then
echo "== rows per request" >&2
STACK_SETTINGS="Inference__MaxRows=1000000 Inference__MaxBodyBytes=67108864" \
  GATEWAY_SETTINGS="Gateway__BodyLimits__PredictionBytes=67108864" fresh_stack rows
patch iris-onnx '{"cachePredictions":false}'
note_load "rows per request"
rows_table=$(python3 - "$key" "$api_port" "$worker_port" $row_counts <<'PY'
import http.client, json, random, statistics, sys, time
key, gateway, worker, counts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(n) for n in sys.argv[4:]]
random.seed(7)
centres = [(5.0, 3.4, 1.5, 0.2), (5.9, 2.8, 4.3, 1.3), (6.6, 3.0, 5.6, 2.0)]
names = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
def body(n):
    rows = [dict(zip(names, (round(max(0.1, v + random.gauss(0, 0.3)), 1) for v in centres[i % 3]))) for i in range(n)]
    return json.dumps({"instances": rows}).encode()
def times(port, payload, n):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"X-Api-Key": key, "Content-Type": "application/json"}
    took = []
    for i in range(55):
        start = time.perf_counter()
        connection.request("POST", "/api/models/iris-onnx/predict", payload, headers)
        response = connection.getresponse()
        answer = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{n} rows: {response.status} {answer[:300]!r}")
        if i >= 5:
            took.append(elapsed)
    connection.close()
    took.sort()
    return statistics.median(took), took[int(0.95 * len(took)) - 1]
# A fresh worker and gateway: let the JIT reach its steady state on every size first (tiered compilation needs a few
# seconds of calls; measured cold, 1,000 rows read 8 ms and 10,000 rows 29 ms).
for n in [1, 100, 1000, 5000]:
    payload = body(n)
    for _ in range(6):
        times(gateway, payload, n)
        times(worker, payload, n)
print("| rows per request | body (KiB) | gateway p50 (ms) | gateway p95 (ms) | worker p50 (ms) | worker p95 (ms) |")
print("|---:|---:|---:|---:|---:|---:|")
best = {"gateway": 0, "worker": 0}
for n in counts:
    payload = body(n)
    g50, g95 = times(gateway, payload, n)
    w50, w95 = times(worker, payload, n)
    print(f"| {n:,} | {len(payload) / 1024:,.0f} | {g50:.2f} | {g95:.2f} | {w50:.2f} | {w95:.2f} |", flush=True)
    if g50 < 10: best["gateway"] = n
    if w50 < 10: best["worker"] = n
    if g50 > 200: break
print()
print(f"Largest row count measured with p50 under 10 ms: {best['gateway']:,} through the gateway, {best['worker']:,} straight to the worker.")
PY
)
stop_all
fi
note_load "end"

{
if part batching; then
echo "### Batching ($([[ ${TARGET:-worker} == gateway ]] && echo "through the gateway" || echo "straight to the model worker"), cache off)"
echo
python3 - "$results" "$batches" <<'PY'
import sys
import statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("gateway|")]
batch = {}
for l in open(sys.argv[2]):
    k, v = l.rstrip("\n").split("\t"); batch.setdefault(k, []).append(float(v))
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
by = {}
for r in rows:
    by.setdefault(r[0], []).append(r)
def med(key, f):
    return statistics.median(f(r) for r in by[key])
rounds = max(len(v) for v in by.values()) if by else 0
if rounds > 1:
    print(f"Medians of {rounds} rounds (each a fresh stack); the rounds' req/s in brackets.")
    print()
print("| runtime | batching | connections | req/s | p50 (ms) | p99 (ms) | non-2xx | CPU ms/request (worker, or gateway/worker) | rows per runtime call | req/s vs off | p99 vs off |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for key in by:
    runtime, label, c = key.split("|")
    rps, p50, p99 = med(key, lambda r: float(r[1])), med(key, lambda r: ms(r[2])), med(key, lambda r: ms(r[3]))
    cpu = "/".join(f"{statistics.median(float(r[5].split('/')[i]) for r in by[key]):.3f}" for i in range(len(by[key][0][5].split("/"))))
    errors = sum(int(r[4]) for r in by[key])
    off = f"{runtime}|off|{c}"
    vs = f"{rps / med(off, lambda r: float(r[1])):.2f}×" if off in by else ""
    vp = f"{p99 / med(off, lambda r: ms(r[3])):.2f}×" if off in by else ""
    spread = " [" + ", ".join(f"{float(r[1]):,.0f}" for r in by[key]) + "]" if rounds > 1 else ""
    print(f"| {'ML.NET' if runtime == 'mlnet' else 'ONNX'} | {label} | {c} | {rps:,.0f}{spread} | {p50:.2f} | {p99:.2f} | {errors} | {cpu} | {statistics.median(batch.get(key, [0])):.1f} | {vs} | {vp} |")
PY
echo
fi
if part gateway; then
echo "### Predict through the gateway (16 connections, cache off, batching off) and the peer"
echo
python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.startswith("gateway|")]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
peer = next(r for r in rows if "peer" in r[0])
print("| target | req/s | p50 | p99 | non-2xx | CPU ms/request (gateway/worker) | × peer req/s | p99 vs peer |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r[0].split('|')[1]} | {float(r[1]):,.0f} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {float(r[1]) / float(peer[1]):.2f}× | {ms(r[3]) / ms(peer[3]):.2f}× |")
PY
echo
fi
if part rows; then
echo "### Rows per request (ONNX iris, cache off, limits raised)"
echo
echo "$rows_table"
echo
fi
echo "Load average (1, 5, 15 min) along the run:"
echo
sed 's/^/    /' "$loads"
} | tee "${OUT:-/dev/null}"
if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP"; find "$bench_dir" \( -name '*.wrk' -o -name '*.tsv' -o -name 'loads.txt' \) -exec cp --parents {} "$KEEP" \; ; fi
