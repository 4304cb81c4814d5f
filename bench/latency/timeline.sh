#!/usr/bin/env bash
# Where each slow request of a closed loop at one connection spends its time: EventPipe traces (dotnet-trace) of the
# model worker, and of the gateway, taken during a 10 s loop straight to the worker, then one through the gateway; then
# bench/latency/Timeline lines each request up across the two processes (Kestrel's request start and stop, the
# gateway's forward, GC pauses, JIT, thread-pool changes, lock contention) and reports where the slowest 1 % spent
# the time a median request does not, and what else the processes did meanwhile; `perf sched` (recorded on the same
# monotonic clock) then says what the two CPUs ran during each slow request's slowest hop (hop_cpus.py).
# Tracing costs each request a little: read the shares, and bench/latency/run.sh for the figures.
# Usage: bench/latency/timeline.sh   (SETTINGS="Key=value ..." for every DsApp service, WARMUP=20s, DURATION=10,
#   KEEP=dir keeps the traces; Timeline --worker W --gateway G reads them again)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/latency
source "$root/bench/lib/latency.sh"
ensure_command perf linux-perf
trace=$work/tools/dotnet-trace
dotnet tool install --tool-path "$work/tools" dotnet-trace >/dev/null
EXTRA_PROJECTS=bench/latency/Timeline STACK_SETTINGS="${SETTINGS:-}" source "$root/bench/lib/iris-stack.sh"
iris_cache_off
warm "$gateway/api/models/iris/predict"

# Kestrel's request start and stop, the gateway's HttpClient (its forward), and the runtime's GC, JIT, contention and
# thread-pool events (keywords 0x1, 0x10, 0x4000, 0x10000).
providers=Microsoft-AspNetCore-Server-Kestrel:0xFFFFFFFFFFFFFFFF:5,System.Net.Http:0xFFFFFFFFFFFFFFFF:5,Microsoft-Windows-DotNETRuntime:0x14011:5
seconds=${DURATION:-10}
labels=()
record() { # target url process...: traces of each process, and perf sched, during one closed loop at one connection
  local target=$1 url=$2 process collectors=(); shift 2
  for process in "$@"; do
    "$trace" collect -p "${service_pid[$process]}" --providers "$providers" --duration "00:00:$((seconds + 3))" \
      -o "$work/$target-$process.nettrace" >/dev/null 2>&1 &
    collectors+=($!)
  done
  perf sched record -k CLOCK_MONOTONIC -o "$work/$target.perf" -- sleep $((seconds + 2)) >/dev/null 2>&1 &
  collectors+=($!)
  labels=("${service_pid[modelworker]}=worker" "${service_pid[api]}=gateway" "${service_pid[redis]}=redis")
  for pid in "${collectors[@]}"; do labels+=("$pid=tracing"); done
  sleep 1
  loop_tail "$url" "$seconds" | sed "s/^TAIL /$target, traced: /" >&2
  wait "${collectors[@]}"
  if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP" && cp "$work/$target"-*.nettrace "$work/$target.perf" "$KEEP/"; fi
}
timeline() { dotnet "$root/bench/latency/Timeline/bin/Release/net10.0/Timeline.dll" "$@"; }
record worker "http://127.0.0.1:$worker_port/api/models/iris/predict" modelworker
timeline --worker "$work/worker-modelworker.nettrace" --title "Straight to the worker" --slow-hops "$work/worker.hops"
python3 "$here/hop_cpus.py" "$work/worker.perf" "$work/worker.hops" "${labels[@]}"
record gateway "$gateway/api/models/iris/predict" modelworker api
timeline --worker "$work/gateway-modelworker.nettrace" --gateway "$work/gateway-api.nettrace" --title "Through the gateway" \
  --slow-hops "$work/gateway.hops"
python3 "$here/hop_cpus.py" "$work/gateway.perf" "$work/gateway.hops" "${labels[@]}"
