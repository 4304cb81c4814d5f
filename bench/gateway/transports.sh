#!/usr/bin/env bash
# Does the hop between gateway and worker get cheaper over another transport? YARP alone (bench/gateway/Bare) in front
# of one model worker that listens three ways at once (Kestrel endpoints from configuration): HTTP/1.1 over TCP (as
# shipped), HTTP/2 with prior knowledge over TCP (h2c), HTTP/1.1 over a Unix domain socket. The same request as
# bench/gateway/run.sh (one iris row, cache on), straight to the worker and through each proxy, ROUNDS times, with the
# CPU each process spent per request. Usage: bench/gateway/transports.sh (DURATION=10s ROUNDS=2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-10s}
script=$root/bench/gateway/predict.lua
source "$root/bench/lib/work.sh"
results=$work/results.tsv
source "$root/bench/lib/wrk.sh"
EXTRA_PROJECTS=bench/gateway/Bare
source "$root/bench/lib/iris-stack.sh"

tcp_port=$(free_port); h2c_port=$(free_port); socket=$work/worker.sock
env "${common[@]}" OTEL_SERVICE_NAME=modelworker-transports \
  Kestrel__Endpoints__tcp__Url="http://127.0.0.1:$tcp_port" \
  Kestrel__Endpoints__h2c__Url="http://127.0.0.1:$h2c_port" Kestrel__Endpoints__h2c__Protocols=Http2 \
  Kestrel__Endpoints__unix__Url="http://unix:$socket" \
  dotnet "$root/DsApp.ModelWorker/bin/Release/net10.0/DsApp.ModelWorker.dll" >"$work/worker-transports.log" 2>&1 & pids+=($!)
worker=$!
wait_http "http://127.0.0.1:$tcp_port/alive"
bare=$root/bench/gateway/Bare/bin/Release/net10.0/Bare.dll
declare -A proxy_port proxy_pid
start_proxy() { # name [env...] -- upstream [socket]
  local name=$1; shift; local settings=(); while [ "$1" != -- ]; do settings+=("$1"); shift; done; shift
  proxy_port[$name]=$(free_port)
  env ASPNETCORE_URLS="http://127.0.0.1:${proxy_port[$name]}" "${settings[@]}" dotnet "$bare" "$@" >"$work/yarp-$name.log" 2>&1 & pids+=($!)
  proxy_pid[$name]=$!
  wait_http "http://127.0.0.1:${proxy_port[$name]}/alive"
}
start_proxy http1-tcp -- "http://127.0.0.1:$tcp_port"
start_proxy h2c-tcp BARE_HTTP2=1 -- "http://127.0.0.1:$h2c_port"
start_proxy http1-unix -- http://localhost "$socket"

path=/api/models/iris/predict
: >"$results"
for round in $(seq 1 "${ROUNDS:-2}"); do
  bench direct "http://127.0.0.1:$tcp_port$path" "$worker"
  for name in http1-tcp h2c-tcp http1-unix; do
    bench "YARP, $name" "http://127.0.0.1:${proxy_port[$name]}$path" "$worker" "${proxy_pid[$name]}"
  done
done
echo "| target | req/s | p50 | p99 | CPU ms per request: worker / proxy |"
echo "|---|---:|---:|---:|---:|"
awk -F'\t' '{ printf "| %s | %.0f | %s | %s | %s |\n", $1, $2, $3, $4, $6 }' "$results"
