#!/usr/bin/env bash
# Whose is the tail at one connection: DsApp's, the proxy hop's, or one .NET process's? The same request at one
# connection (closed loop), in rounds, with only the target's processes running: every other one is frozen (SIGSTOP:
# no timer, no thread of theirs runs). Targets:
#   dsapp        DsApp's gateway and model worker, with its Redis and ingest (idle) running
#   bare chain   bench/gateway/Bare (YARP, one route) in front of bench/predict/Bare (ASP.NET Core + ML.NET)
#   bare server  bench/predict/Bare alone: one .NET process
#   peer         the peer (FastAPI + scikit-learn, one process)
# MIXED=1 adds, each with DsApp's Redis and ingest running (so that only the front or the back differs from dsapp):
#   gateway → bare server, bare proxy → worker, and bare chain + Redis, ingest.
# Both chains run as shipped (the worker or server on its socket threads, the proxy on the thread pool; SETTINGS="Key=value
# ..." for every .NET process). Each target is warmed (WARMUP, 10 s at 16 connections) before each DURATION (10 s) run
# of bench/latency/loop.c (each request's own latency); ROUNDS (3) rounds, the targets interleaved so that the
# machine's drift falls on all alike. One line a run: p50/p90/p99/p99.9/max in µs, and the share of the CPU time the
# hypervisor took meanwhile (steal).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/lib/latency.sh"
EXTRA_PROJECTS="bench/predict/Bare bench/gateway/Bare"
STACK_SETTINGS="${SETTINGS:-}" source "$root/bench/lib/iris-stack.sh"
iris_cache_off
source "$root/bench/lib/bare-chain.sh"
start_bare_chain
background=("${service_pid[redis]}" "${service_pid[ingest]}")
dsapp=("${service_pid[api]}" "${service_pid[modelworker]}")
all=("${dsapp[@]}" "${background[@]}" "$bare_server" "$bare_proxy")
if [[ ${MIXED:-} == 1 ]]; then
  proxy_worker_port=$(free_port)
  start_bare_dotnet proxy-worker "$proxy_worker_port" bench/gateway/Bare/bin/Release/net10.0/Bare.dll "http://127.0.0.1:$worker_port"; proxy_worker=$started
  gateway_server_port=$(free_port)
  run_service DsApp.Api "$gateway_server_port" gateway-server "services__modelworker__http__0=http://127.0.0.1:$bare_port"
  gateway_server=${service_pid[gateway-server]}
  all+=("$proxy_worker" "$gateway_server")
fi
start_peer
read -ra peer <<<"$peer_pids"
all+=("${peer[@]}")
for port in ${proxy_worker_port:-} ${gateway_server_port:-}; do wait_predicts "$port"; done
trap 'kill -CONT "${all[@]}" 2>/dev/null || true; cleanup' EXIT
only() { kill -STOP "${all[@]}"; kill -CONT "$@"; } # only these processes run

run() { # label url
  warm "$2" "${WARMUP:-10s}"
  loop_tail "$2" "${DURATION:-10s}" | awk -v label="$1" '/^TAIL / {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "| %s | %d | %s | %s | %s | %s | %s | %s |\n", label, v["requests"] / v["seconds"], v["p50"], v["p90"], v["p99"], v["p999"], v["max"], v["steal"] }'
}
echo "| target | req/s | p50 µs | p90 | p99 | p99.9 | max | steal % |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for _ in $(seq 1 "${ROUNDS:-3}"); do
  only "${dsapp[@]}" "${background[@]}"; run dsapp "$gateway/api/models/iris/predict"
  if [[ ${MIXED:-} == 1 ]]; then
    only "$gateway_server" "$bare_server" "${background[@]}"; run "gateway → bare server" "$(predict_url "$gateway_server_port")"
    only "$proxy_worker" "${service_pid[modelworker]}" "${background[@]}"; run "bare proxy → worker" "$(predict_url "$proxy_worker_port")"
    only "$bare_proxy" "$bare_server" "${background[@]}"; run "bare chain + Redis, ingest" "$(predict_url "$proxy_port")"
  fi
  only "$bare_proxy" "$bare_server"; run "bare chain" "$(predict_url "$proxy_port")"
  only "$bare_server"; run "bare server" "$(predict_url "$bare_port")"
  only "${peer[@]}"; run peer "$(predict_url "$peer_port")"
done
