#!/usr/bin/env bash
# Which runtime setting moves the tail at one connection? Starts the iris stack once, then for each setting restarts
# the model worker and the gateway with it, warms them (WARMUP, 20 s at 16 connections: the JIT is still tiering
# up after 10 s), and runs ROUNDS closed-loop runs at one connection straight to the worker and through the gateway.
# Prints p50/p90/p99/p99.9/max (µs, wrk's histogram via tail.lua) and the CPU seconds each process spent per run.
# Usage: bench/latency/settings.sh   (SETTINGS_LIST="base;DOTNET_gcServer=0;DOTNET_TieredPGO=0" ROUNDS=3 WARMUP=20s)
#   each entry of SETTINGS_LIST is "base" (as shipped) or space-separated Key=value pairs for both processes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$root/bench/latency/tail.lua
source "$root/bench/lib/work.sh"
source "$root/bench/lib/wrk.sh"
source "$root/bench/lib/iris-stack.sh"
iris_cache_off

restart_with() { # Key=value...: the worker and the gateway started again with these settings
  for name in modelworker api; do kill "${service_pid[$name]}"; wait "${service_pid[$name]}" 2>/dev/null || true; done
  run_service DsApp.ModelWorker "$worker_port" modelworker "$@"
  run_service DsApp.Api "$api_port" api "$@"
  for port in "$worker_port" "$api_port"; do wait_http "http://127.0.0.1:$port/alive"; done
  wait_http "$gateway/health"
}
one_connection() { # label url: one closed-loop run, one line
  local worker_before api_before report
  worker_before=$(cpu_ticks "${service_pid[modelworker]}"); api_before=$(cpu_ticks "${service_pid[api]}")
  report=$(DSAPP_KEY=$key wrk -t1 -c1 -d"${DURATION:-10s}" -s "$script" "$2" | grep '^TAIL ')
  awk -v label="$1" -v setting="$setting" -v hz="$(getconf CLK_TCK)" \
    -v w=$(( $(cpu_ticks "${service_pid[modelworker]}") - worker_before )) -v a=$(( $(cpu_ticks "${service_pid[api]}") - api_before )) '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    END { printf "| %s | %s | %d | %s | %s | %s | %s | %s | %.1f / %.1f |\n", setting, label, v["requests"] / v["seconds"],
          v["p50"], v["p90"], v["p99"], v["p999"], v["max"], w / hz, a / hz }' <<<"$report"
}

echo "| setting | target | req/s | p50 µs | p90 | p99 | p99.9 | max | CPU s worker / gateway |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
IFS=';' read -ra settings <<<"${SETTINGS_LIST:-base;DOTNET_gcServer=0;DOTNET_TieredPGO=0;DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0}"
for setting in "${settings[@]}"; do
  # shellcheck disable=SC2086 # a setting is several Key=value words
  if [[ $setting == base ]]; then restart_with; else restart_with $setting; fi
  DSAPP_KEY=$key wrk -t2 -c16 -d"${WARMUP:-20s}" -s "$script" "$gateway/api/models/iris/predict" >/dev/null
  for _ in $(seq 1 "${ROUNDS:-2}"); do
    one_connection worker "http://127.0.0.1:$worker_port/api/models/iris/predict"
    one_connection gateway "$gateway/api/models/iris/predict"
  done
done
