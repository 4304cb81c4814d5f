#!/usr/bin/env bash
# What telemetry costs on the predict path: three identical stacks side by side (each its own Redis, store and
# trained iris model), one with OpenTelemetry on as shipped (every trace recorded, metrics and logs, exported
# over OTLP/HTTP to a sink that only answers 200: bench/telemetry/otlp_sink.py), one with traces sampled at 10 % (Telemetry__SamplingRatio=0.1),
# one with Telemetry__Enabled=false on every service. wrk measures them one after the other (2 cores: never at once),
# through the gateway (POST /api/models/iris/predict, one row, prediction cache off so every request runs the
# model): each stack is warmed for 10 s, then ROUNDS short rounds alternate the three (DURATION each, 2 s of
# warm-up). This machine's speed drifts by ±20 % over tens of seconds, so the loss is computed within each round
# (on against off of the same round) and the median of the rounds is reported, with the CPU each process spent.
# Target (issue 6): under 10 % of the throughput lost. Usage: bench/telemetry/run.sh (DURATION=5s ROUNDS=8;
# ON_SETTINGS="Key=value ..." adds settings to the "on" stack, e.g. Telemetry__Metrics=false to see what traces alone cost)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$root/bench/gateway/predict.lua
duration=${DURATION:-5s}
source "$root/bench/lib/work.sh"
base=$work
results=$base/results.tsv
source "$root/bench/lib/wrk.sh"

sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$root/bench/telemetry/otlp_sink.py" "$sink_port" >"$base/sink.log" 2>&1 & sink_pid=$!; pids+=("$sink_pid")

declare -A url stack_pids # by stack name
stack() { # name settings...
  work=$base/$1; mkdir -p "$work"
  STACK_SETTINGS="${*:2}" source "$root/bench/lib/iris-stack.sh"
  curl -fsS -o /dev/null -X PATCH -H "X-Api-Key: $key" -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d '{"cachePredictions":false}'
  url[$1]=$gateway/api/models/iris/predict
  stack_pids[$1]="${service_pid[api]} ${service_pid[modelworker]}"
}
otlp="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
stack on $otlp ${ON_SETTINGS:-}
stack sampled $otlp Telemetry__SamplingRatio=0.1
stack off Telemetry__Enabled=false
work=$base

: >"$results"
for name in on sampled off; do DSAPP_KEY=$key wrk -t2 -c16 -d10s -s "$script" "${url[$name]}" >/dev/null; done
for round in $(seq 1 "${ROUNDS:-8}"); do
  # shellcheck disable=SC2086 # the pids are words
  WARMUP=2s bench "telemetry on (round $round)" "${url[on]}" ${stack_pids[on]}
  WARMUP=2s bench "traces sampled at 10 % (round $round)" "${url[sampled]}" ${stack_pids[sampled]}
  WARMUP=2s bench "telemetry off (round $round)" "${url[off]}" ${stack_pids[off]}
done
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; cat "$base/sink.log" >&2

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print("| run | req/s | p50 | p99 | non-2xx | CPU ms per request: gateway / worker |")
print("|---|---:|---:|---:|---:|---:|")
for r in rows: print(f"| {r[0]} | {float(r[1]):,.0f} | {r[2]} | {r[3]} | {r[4]} | {r[5].replace('/', ' / ')} |")
def of(prefix): return [r for r in rows if r[0].startswith(prefix)]
on, sampled, off = of("telemetry on"), of("traces sampled"), of("telemetry off")
def loss(runs): return statistics.median(100 * (1 - float(r[1]) / float(o[1])) for r, o in zip(runs, off))
def cpu(runs): return statistics.median(100 * (sum(map(float, r[5].split("/"))) / sum(map(float, o[5].split("/"))) - 1) for r, o in zip(runs, off))
def rps(runs): return statistics.median(float(r[1]) for r in runs)
print(f"\nmedian req/s: on {rps(on):,.0f}, sampled at 10 % {rps(sampled):,.0f}, off {rps(off):,.0f}")
print(f"throughput lost, median of the rounds' own ratios: {loss(on):.1f} % with every trace recorded, {loss(sampled):.1f} % at 10 %")
print(f"CPU per request (gateway + worker), median: +{cpu(on):.1f} % with every trace recorded, +{cpu(sampled):.1f} % at 10 %")
PY
