#!/usr/bin/env bash
# Where the slow requests at one connection wait: a closed loop at one connection straight to the worker, then through
# the gateway, each recorded twice, one after the other (10 s each, after WARMUP at 16 connections):
#   - dotnet-counters (System.Runtime) on the worker and the gateway: GCs a second, mean pause, MB allocated, thread-pool
#     work items and JIT-compiled methods a second, lock contentions;
#   - perf sched on the whole machine: per thread, how many wake-ups waited for a CPU and how long, and the stalls
#     (>= 1 ms in which neither CPU switched or woke a thread) with what the CPUs ran meanwhile (stalls.py);
#     then the same for the peer (DsApp stopped).
# perf sched records every context switch and slows the run down (the tail it reports is its own); read its table for
# who waits, and bench/latency/run.sh for the figures. Installs perf (apt) and dotnet-counters (NuGet) when missing.
# Usage: bench/latency/profile.sh   (SETTINGS="Key=value ..." for every DsApp service, WARMUP=20s)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/latency
source "$root/bench/lib/latency.sh"
ensure_command perf linux-perf
counters=$work/tools/dotnet-counters
dotnet tool install --tool-path "$work/tools" dotnet-counters >/dev/null
STACK_SETTINGS="${SETTINGS:-}" source "$root/bench/lib/iris-stack.sh"
iris_cache_off
warm "$gateway/api/models/iris/predict"

declare -A url=([worker]="http://127.0.0.1:$worker_port/api/models/iris/predict" [gateway]="$gateway/api/models/iris/predict")
tail_line() { loop_tail "$1" 10 | sed 's/^TAIL //'; }
echo "### Runtime counters at one connection (10 s each)"
echo
echo "| target, process | GCs/s | mean pause ms | MB allocated/s | thread-pool work items/s | methods JIT-compiled/s | lock contentions/s |"
echo "|---|---|---:|---:|---:|---:|---:|"
declare -A tails
for target in worker gateway; do
  collectors=()
  for process in modelworker api; do
    "$counters" collect -p "${service_pid[$process]}" --counters System.Runtime --format csv \
      -o "$work/$target-$process.csv" --refresh-interval 1 --duration 00:00:10 >/dev/null 2>&1 &
    collectors+=($!)
  done
  tails[$target]=$(tail_line "${url[$target]}")
  wait "${collectors[@]}" || true
  for process in modelworker api; do python3 "$here/runtime_counters.py" "$work/$target-$process.csv" "$target, $process"; done
done
echo
for target in worker gateway; do echo "closed loop, one connection, $target: ${tails[$target]} (µs)"; done
sched() { # target url label...: perf sched over a closed loop at one connection, who waited and what stalled
  local target=$1 url=$2 recording recorded; shift 2
  perf sched record -o "$work/$target.perf" -- sleep 10 >/dev/null 2>&1 &
  recording=$!
  recorded=$(tail_line "$url")
  wait "$recording" || true
  echo
  echo "### $target at one connection, under perf sched ($recorded)"
  echo
  python3 "$here/sched_delays.py" "$work/$target.perf" "$@"
  echo
  python3 "$here/stalls.py" "$work/$target.perf" "$@"
}
labels=("${service_pid[modelworker]}=worker" "${service_pid[api]}=gateway" "${service_pid[ingest]}=ingest" "${service_pid[redis]}=redis")
for target in worker gateway; do sched "$target" "${url[$target]}" "${labels[@]}"; done
stop_all
start_peer
warm "http://127.0.0.1:$peer_port/api/models/iris/predict"
peer_labels=()
for pid in $peer_pids; do peer_labels+=("$pid=peer"); done
sched peer "http://127.0.0.1:$peer_port/api/models/iris/predict" "${peer_labels[@]}"
