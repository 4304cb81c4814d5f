#!/usr/bin/env bash
# What telemetry costs on the predict path: three identical stacks side by side (each its own Redis, store and
# trained iris model), one with OpenTelemetry on as shipped (every trace recorded, metrics and logs, exported
# over OTLP/HTTP to a sink that only answers 200: bench/telemetry/otlp_sink.py), one with traces sampled at 10 % (Telemetry__SamplingRatio=0.1),
# one with Telemetry__Enabled=false on every service. wrk measures them one after the other, alternated ROUNDS times (2 cores: never at once),
# through the gateway (POST /api/models/iris/predict, one row, prediction cache off so every request runs the
# model). Target (issue 6): under 10 % of the throughput lost. Usage: bench/telemetry/run.sh (DURATION=10s ROUNDS=3)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$root/bench/gateway/predict.lua
duration=${DURATION:-10s}
source "$root/bench/lib/work.sh"
base=$work
results=$base/results.tsv
source "$root/bench/lib/wrk.sh"

sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$root/bench/telemetry/otlp_sink.py" "$sink_port" >"$base/sink.log" 2>&1 & sink_pid=$!

stack() { # name settings...
  work=$base/$1; mkdir -p "$work"
  STACK_SETTINGS="${*:2}" source "$root/bench/lib/iris-stack.sh"
  curl -fsS -o /dev/null -X PATCH -H "X-Api-Key: $key" -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d '{"cachePredictions":false}'
}
stack on OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
on=$gateway/api/models/iris/predict
stack sampled OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf Telemetry__SamplingRatio=0.1
sampled=$gateway/api/models/iris/predict
stack off Telemetry__Enabled=false
off=$gateway/api/models/iris/predict
work=$base

: >"$results"
for round in $(seq 1 "${ROUNDS:-3}"); do
  bench "telemetry on (round $round)" "$on"
  bench "traces sampled at 10 % (round $round)" "$sampled"
  bench "telemetry off (round $round)" "$off"
done
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; cat "$base/sink.log" >&2

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print("| run | req/s | p50 | p99 | non-2xx |")
print("|---|---:|---:|---:|---:|")
for r in rows: print(f"| {r[0]} | {float(r[1]):,.0f} | {r[2]} | {r[3]} | {r[4]} |")
on = statistics.median(float(r[1]) for r in rows if r[0].startswith("telemetry on"))
sampled = statistics.median(float(r[1]) for r in rows if r[0].startswith("traces sampled"))
off = statistics.median(float(r[1]) for r in rows if r[0].startswith("telemetry off"))
print(f"\nmedian req/s: on {on:,.0f}, sampled at 10 % {sampled:,.0f}, off {off:,.0f}: telemetry costs"
      f" {100 * (1 - on / off):.1f} % of the throughput with every trace recorded, {100 * (1 - sampled / off):.1f} % at 10 %")
PY
