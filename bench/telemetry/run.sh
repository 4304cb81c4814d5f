#!/usr/bin/env bash
# What telemetry costs on the predict path, through the gateway (POST /api/models/iris/predict, one row, prediction
# cache off so every request runs the model). Variants: OpenTelemetry on as shipped (every trace recorded, metrics and
# logs, exported over OTLP/HTTP to a sink that only answers 200: bench/telemetry/otlp_sink.py), traces sampled at 10 %
# (Telemetry__SamplingRatio=0.1), and Telemetry__Enabled=false on the gateway and the worker.
# Each measurement runs on a fresh gateway and worker. Two identical processes can differ by 10 % or more for as long
# as they run (JIT, PGO and memory placement), so processes kept for a whole run put their own offsets into its result:
# with three long-lived stacks per variant, an A/A run (both variants configured alike) measured a 5.5 % "loss" and
# runs of the same code ranged from 3 % to 14 % (docs/benchmarks.md). Here one stack (Redis, ingest, the trained iris
# model) stays up and, for every measurement, the gateway and the worker are started with the variant's settings,
# warmed (WARMUP: a fresh pair needs ~20 s under load on two busy cores before the JIT's steady state), measured by
# wrk (DURATION) and stopped; each round measures every variant once, in an order that rotates from round to round,
# and the loss is computed within the round (on against off of the same round, so the machine's drift over minutes
# cancels). The figure is the median of the rounds' losses (mean and its standard error too); a run takes ~14 minutes.
# Target (issue 6): under 10 % of the throughput lost.
# Usage: bench/telemetry/run.sh (ROUNDS=10 WARMUP=20s DURATION=5s; ON_SETTINGS="Key=value ..." adds settings to the
# "on" processes, e.g. Telemetry__Metrics=false to see what traces alone cost, or Telemetry__Enabled=false for an A/A
# check of the bench itself; ALT_SETTINGS="Key=value ..." adds a variant "alt": "on" with these settings too, measured
# in the same rounds, to compare a change with the shipped configuration)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$root/bench/gateway/predict.lua
duration=${DURATION:-5s}
source "$root/bench/lib/work.sh"
results=$work/results.tsv
source "$root/bench/lib/wrk.sh"

sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$root/bench/telemetry/otlp_sink.py" "$sink_port" >"$work/sink.log" 2>&1 & sink_pid=$!; pids+=("$sink_pid")

# Stops the gateway and the worker started last.
stop_pair() { kill "${service_pid[api]}" "${service_pid[modelworker]}"; wait "${service_pid[api]}" "${service_pid[modelworker]}" 2>/dev/null || true; }

# The stack the variants share: its gateway and worker only train iris and are stopped before the first round.
STACK_SETTINGS=Telemetry__Enabled=false source "$root/bench/lib/iris-stack.sh"
iris_cache_off
stop_pair

otlp="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
declare -A settings=([on]="$otlp ${ON_SETTINGS:-}" [sampled]="$otlp Telemetry__SamplingRatio=0.1" [off]=Telemetry__Enabled=false)
variants=(on sampled off)
if [ -n "${ALT_SETTINGS:-}" ]; then settings[alt]="${settings[on]} $ALT_SETTINGS"; variants=(on alt sampled off); fi

measure() { # variant round: a fresh worker and gateway with the variant's settings, warmed, measured, stopped
  local worker_port api_port
  worker_port=$(free_port); api_port=$(free_port)
  # shellcheck disable=SC2086 # the settings are words
  run_service DsApp.ModelWorker "$worker_port" modelworker ${settings[$1]}
  # shellcheck disable=SC2086
  run_service DsApp.Api "$api_port" api "services__modelworker__http__0=http://127.0.0.1:$worker_port" ${settings[$1]}
  wait_http "http://127.0.0.1:$worker_port/alive"; wait_http "http://127.0.0.1:$api_port/health"
  WARMUP=${WARMUP:-20s} bench "$1 round $2" "http://127.0.0.1:$api_port/api/models/iris/predict" "${service_pid[api]}" "${service_pid[modelworker]}"
  stop_pair
}

: >"$results"
rounds=${ROUNDS:-10}
for round in $(seq 1 "$rounds"); do
  for i in "${!variants[@]}"; do measure "${variants[(i + round) % ${#variants[@]}]}" "$round"; done
done
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; cat "$work/sink.log" >&2

python3 - "$results" <<'PY'
import collections, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
rounds = collections.defaultdict(dict) # round -> variant -> (req/s, CPU ms per request of gateway + worker)
for r in rows:
    variant, _, n = r[0].split(" ")
    rounds[int(n)][variant] = (float(r[1]), sum(map(float, r[5].split("/"))))
variants = list(dict.fromkeys(v for by in rounds.values() for v in by))
print("| round | " + " | ".join(f"{v} req/s (CPU ms per request)" for v in variants) + " |")
print("|---|" + "---:|" * len(variants))
for n, by in sorted(rounds.items()):
    print(f"| {n} | " + " | ".join(f"{by[v][0]:,.0f} ({by[v][1]:.3f})" for v in variants) + " |")
fmt = lambda xs: " ".join(f"{x:.1f}" for x in sorted(xs))
print("\nmedian req/s: " + ", ".join(f"{v} {statistics.median(by[v][0] for by in rounds.values()):,.0f}" for v in variants))
labels = {"on": "every trace recorded", "alt": "every trace recorded, with ALT_SETTINGS", "sampled": "traces sampled at 10 %"}
for v, label in labels.items():
    if v not in variants: continue
    loss = [100 * (1 - by[v][0] / by["off"][0]) for by in rounds.values()]
    cpu = [100 * (by[v][1] / by["off"][1] - 1) for by in rounds.values()]
    error = statistics.stdev(loss) / len(loss) ** 0.5 if len(loss) > 1 else float("nan")
    print(f"throughput lost, {label}: median {statistics.median(loss):.1f} %, mean {statistics.mean(loss):.1f} ± {error:.1f} % "
          f"(rounds: {fmt(loss)}); CPU per request +{statistics.median(cpu):.1f} %")
PY
