#!/usr/bin/env bash
# What telemetry costs on the predict path. Three variants, each run as STACKS identical stacks side by side (each its
# own Redis, store and trained iris model): OpenTelemetry on as shipped (every trace recorded, metrics and logs,
# exported over OTLP/HTTP to a sink that only answers 200: bench/telemetry/otlp_sink.py), traces sampled at 10 %
# (Telemetry__SamplingRatio=0.1), and Telemetry__Enabled=false on every service. wrk measures the stacks one after the
# other (2 cores: never at once), through the gateway (POST /api/models/iris/predict, one row, prediction cache off so
# every request runs the model): each stack is warmed for 10 s, then ROUNDS rounds visit every stack in turn
# (DURATION each after WARMUP). Two kinds of noise on this machine: its speed drifts by ±20 % over tens of seconds
# (so the loss is computed within each round, on against off of the same round, and the median of the rounds is
# reported), and two identical stacks can differ by ~5 % for as long as they run (JIT and placement: so each variant
# is the mean of its STACKS stacks). Target (issue 6): under 10 % of the throughput lost.
# Usage: bench/telemetry/run.sh (DURATION=3s WARMUP=1s ROUNDS=8 STACKS=3; ON_SETTINGS="Key=value ..." adds settings
# to the "on" stacks, e.g. Telemetry__Metrics=false to see what traces alone cost; ALT_SETTINGS="Key=value ..." adds a
# fourth variant, "alt": "on" with these settings too, measured in the same rounds, to compare a change with the shipped
# configuration, e.g. ALT_SETTINGS=OTEL_PROPAGATORS=tracecontext,baggage)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$root/bench/gateway/predict.lua
duration=${DURATION:-3s}
source "$root/bench/lib/work.sh"
base=$work
results=$base/results.tsv
source "$root/bench/lib/wrk.sh"

sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$root/bench/telemetry/otlp_sink.py" "$sink_port" >"$base/sink.log" 2>&1 & sink_pid=$!; pids+=("$sink_pid")

declare -A url stack_pids # by stack name (variant#n)
stacks=()
stack() { # name settings...
  work=$base/$1; mkdir -p "$work"
  STACK_SETTINGS="${*:2}" source "$root/bench/lib/iris-stack.sh"
  curl -fsS -o /dev/null -X PATCH -H "X-Api-Key: $key" -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d '{"cachePredictions":false}'
  url[$1]=$gateway/api/models/iris/predict
  stack_pids[$1]="${service_pid[api]} ${service_pid[modelworker]}"
  stacks+=("$1")
}
otlp="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
for n in $(seq 1 "${STACKS:-3}"); do
  stack "on#$n" $otlp ${ON_SETTINGS:-}
  [ -z "${ALT_SETTINGS:-}" ] || stack "alt#$n" $otlp ${ON_SETTINGS:-} $ALT_SETTINGS
  stack "sampled#$n" $otlp Telemetry__SamplingRatio=0.1
  stack "off#$n" Telemetry__Enabled=false
done
work=$base

: >"$results"
for name in "${stacks[@]}"; do DSAPP_KEY=$key wrk -t2 -c16 -d10s -s "$script" "${url[$name]}" >/dev/null; done
for round in $(seq 1 "${ROUNDS:-8}"); do
  for name in "${stacks[@]}"; do
    # shellcheck disable=SC2086 # the pids are words
    WARMUP=${WARMUP:-1s} bench "$name round $round" "${url[$name]}" ${stack_pids[$name]}
  done
done
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; cat "$base/sink.log" >&2

python3 - "$results" <<'PY'
import collections, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
variant = lambda r: r[0].split("#")[0]
cpu_of = lambda r: sum(map(float, r[5].split("/")))
rounds = collections.defaultdict(lambda: collections.defaultdict(list)) # round -> variant -> rows
for r in rows: rounds[r[0].rsplit(" ", 1)[1]][variant(r)].append(r)
print("| round | variant | req/s of each stack | mean | CPU ms per request (gateway + worker), mean |")
print("|---|---|---:|---:|---:|")
loss, cpu, rps = collections.defaultdict(list), collections.defaultdict(list), collections.defaultdict(list)
for n, by in rounds.items():
    mean = {v: statistics.mean(float(r[1]) for r in rs) for v, rs in by.items()}
    mean_cpu = {v: statistics.mean(cpu_of(r) for r in rs) for v, rs in by.items()}
    for v, rs in by.items():
        print(f"| {n} | {v} | {' / '.join(f'{float(r[1]):,.0f}' for r in rs)} | {mean[v]:,.0f} | {mean_cpu[v]:.3f} |")
        rps[v].append(mean[v])
        loss[v].append(100 * (1 - mean[v] / mean["off"])); cpu[v].append(100 * (mean_cpu[v] / mean_cpu["off"] - 1))
fmt = lambda xs: " ".join(f"{x:.1f}" for x in sorted(xs))
labels = {"on": "every trace recorded", "alt": "every trace recorded, with ALT_SETTINGS", "sampled": "traces sampled at 10 %"}
print("\nmedian req/s: " + ", ".join(f"{v} {statistics.median(rps[v]):,.0f}" for v in rps))
for v, label in labels.items():
    if v not in loss: continue
    print(f"throughput lost, {label}: median {statistics.median(loss[v]):.1f} % (rounds: {fmt(loss[v])}); "
          f"CPU per request +{statistics.median(cpu[v]):.1f} %")
PY
