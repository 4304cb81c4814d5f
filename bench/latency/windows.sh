#!/usr/bin/env bash
# Does the one-connection tail follow the machine? DsApp through the gateway at one connection (bench/latency/loop.c),
# WINDOWS (12) windows of 10 s one after the other, nothing frozen, after WARMUP (20 s) at 16 connections. Each line:
# the window's TAIL (µs) with the share of the CPU time the hypervisor took (steal %), and the CPU ticks each DsApp
# process spent: a window slow for DsApp's own reasons shows as more CPU in one of them, a stolen one as steal.
# Usage: bench/latency/windows.sh   (SETTINGS="Key=value ..." for every DsApp service, WINDOWS=12, WARMUP=20s)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/lib/latency.sh"
STACK_SETTINGS="${SETTINGS:-}" source "$root/bench/lib/iris-stack.sh"
iris_cache_off
url="$gateway/api/models/iris/predict"
warm "$url"
names=(api modelworker redis ingest)
for _ in $(seq 1 "${WINDOWS:-12}"); do
  before=(); for name in "${names[@]}"; do before+=("$(cpu_ticks "${service_pid[$name]}")"); done
  line=$(loop_tail "$url" 10s)
  ticks=""; for i in "${!names[@]}"; do ticks+=" ${names[i]}=$(( $(cpu_ticks "${service_pid[${names[i]}]}") - before[i] ))"; done
  echo "$(date -u +%T) ${line#TAIL } | CPU ticks:$ticks"
done
