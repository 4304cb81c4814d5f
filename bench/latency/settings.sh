#!/usr/bin/env bash
# Which runtime setting moves the tail at one connection, and what does it cost? Starts the iris stack once, then for
# each setting restarts the model worker and the gateway with it, warms them (WARMUP, 20 s at 16 connections: the JIT
# is still tiering up after 10 s), and runs ROUNDS closed-loop runs at one connection straight to the worker and
# through the gateway, then one through the gateway at each of CONNECTIONS' other counts; "64@13" is 64 connections
# each pausing 13 ms after an answer (paced, as run.sh's paced run).
# Prints p50/p90/p99/p99.9/max (µs; one connection: bench/latency/loop.c, each request's own latency; more: wrk's
# histogram via tail.lua), the CPU seconds each process spent per run, the GCs each ran per second over its first 10 s
# with their mean pause (dotnet-counters; a GC pause is a stall on the request's path), their resident memory after
# the run, and the CPU share the hypervisor took meanwhile (steal).
# Usage: bench/latency/settings.sh   (SETTINGS_LIST="base;DOTNET_gcServer=0;DOTNET_TieredPGO=0" ROUNDS=3 WARMUP=20s
#   PASSES=1 CONNECTIONS="1 64")  each entry of SETTINGS_LIST is "base" (as shipped) or space-separated Key=value
#   pairs for both processes, or for one with a "worker:" or "gateway:" prefix; PASSES > 1 goes through the list
#   again, so that the machine's drift falls on all alike.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/lib/latency.sh"
counters=$work/tools/dotnet-counters
dotnet tool install --tool-path "$work/tools" dotnet-counters >/dev/null
source "$root/bench/lib/iris-stack.sh"
iris_cache_off

restart_with() { # [worker:|gateway:]Key=value...: the worker and the gateway started again with these settings
  local both=() worker=() api=() setting
  for setting in "$@"; do
    case $setting in worker:*) worker+=("${setting#worker:}") ;; gateway:*) api+=("${setting#gateway:}") ;; *) both+=("$setting") ;; esac
  done
  for name in modelworker api; do kill "${service_pid[$name]}"; wait "${service_pid[$name]}" 2>/dev/null || true; done
  run_service DsApp.ModelWorker "$worker_port" modelworker "${both[@]}" "${worker[@]}"
  run_service DsApp.Api "$api_port" api "${both[@]}" "${api[@]}"
  for port in "$worker_port" "$api_port"; do wait_http "http://127.0.0.1:$port/alive"; done
  wait_http "$gateway/health"
}
gc_counters() { # name: records the process' runtime counters for the next 10 s into $work/NAME.csv
  "$counters" collect -p "${service_pid[$1]}" --counters System.Runtime --format csv -o "$work/$1.csv" \
    --refresh-interval 1 --duration 00:00:10 >/dev/null 2>&1 &
}
gc_rate() { python3 "$root/bench/latency/runtime_counters.py" "$work/$1.csv" --gc; } # name: "GCs/s, mean pause ms"
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
closed_loop() { # label url connections[@pause ms]: one run (closed loop, or paced with a pause), one line
  local worker_before api_before report collectors=() connections=${3%@*} pace=0
  [[ $3 == *@* ]] && pace=${3#*@}
  worker_before=$(cpu_ticks "${service_pid[modelworker]}"); api_before=$(cpu_ticks "${service_pid[api]}")
  for name in modelworker api; do gc_counters "$name"; collectors+=($!); done
  report=$(latency_tail "$2" "$connections" "$pace" "${DURATION:-10s}")
  wait "${collectors[@]}" || true
  awk -v label="$1 c=$3" -v setting="$setting" -v hz="$(getconf CLK_TCK)" \
    -v rss="$(rss_mb "${service_pid[modelworker]}") / $(rss_mb "${service_pid[api]}")" \
    -v gc_worker="$(gc_rate modelworker)" -v gc_api="$(gc_rate api)" \
    -v w=$(( $(cpu_ticks "${service_pid[modelworker]}") - worker_before )) -v a=$(( $(cpu_ticks "${service_pid[api]}") - api_before )) '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    END { printf "| %s | %s | %d | %s | %s | %s | %s | %s | %.1f / %.1f | %s / %s | %s | %s |\n", setting, label, v["requests"] / v["seconds"],
          v["p50"], v["p90"], v["p99"], v["p999"], v["max"], w / hz, a / hz, gc_worker, gc_api, rss, v["steal"] }' <<<"$report"
}

echo "| setting | target | req/s | p50 µs | p90 | p99 | p99.9 | max | CPU s worker / gateway | GCs/s, mean pause ms: worker / gateway | RSS MB worker / gateway | steal % |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---:|"
IFS=';' read -ra settings <<<"${SETTINGS_LIST:-base;DOTNET_gcServer=0;DOTNET_TieredPGO=0;DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0}"
for _ in $(seq 1 "${PASSES:-1}"); do for setting in "${settings[@]}"; do
  # shellcheck disable=SC2086 # a setting is several Key=value words
  if [[ $setting == base ]]; then restart_with; else restart_with $setting; fi
  warm "$gateway/api/models/iris/predict"
  for _ in $(seq 1 "${ROUNDS:-2}"); do
    closed_loop worker "http://127.0.0.1:$worker_port/api/models/iris/predict" 1
    closed_loop gateway "$gateway/api/models/iris/predict" 1
  done
  for connections in ${CONNECTIONS:-1}; do
    if [[ $connections != 1 ]]; then closed_loop gateway "$gateway/api/models/iris/predict" "$connections"; fi
  done
done; done
