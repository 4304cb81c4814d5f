#!/usr/bin/env bash
# Gateway benchmark: what the gateway costs. The same request (POST /api/models/iris/predict, one iris row,
# the sample model trained first, prediction cache on as by default), one target after the other, never two at
# once (2 cores):
#   direct   straight to the model worker (with the key)
#   gateway  through DsApp.Api: key checked, rate limits on with a ceiling no client reaches, body limits,
#            CORS, forwarded headers, OpenTelemetry on (every trace recorded), the internal secret added
#   yarp     through bench/gateway/Bare: YARP with one route and nothing else, the proxy ceiling here
# Each at 16 connections (throughput; wrk shares the 2 cores) and at 1 connection (the latency a hop adds
# when the CPU is not saturated), ROUNDS times. Every target is warmed for WARMUP first: the JIT needs
# several seconds of traffic under load before the gateway reaches its steady state.
# Usage: bench/gateway/run.sh   (DURATION=10s WARMUP=10s ROUNDS=2; GATEWAY_ENV="Key=value ..." adds
# settings to the gateway, e.g. Telemetry__Enabled=false)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-10s}
warmup=${WARMUP:-10s}
rounds=${ROUNDS:-2}
script=$root/bench/gateway/predict.lua
source "$root/bench/lib/work.sh"

EXTRA_PROJECTS=bench/gateway/Bare
GATEWAY_SETTINGS=${GATEWAY_ENV:-}
source "$root/bench/lib/iris-stack.sh"
ASPNETCORE_URLS="http://127.0.0.1:$bare_port" dotnet "$root/bench/gateway/Bare/bin/Release/net10.0/Bare.dll" \
  "http://127.0.0.1:$worker_port" >"$work/yarp.log" 2>&1 & pids+=($!)
yarp_pid=$!
wait_http "http://127.0.0.1:$bare_port/alive"

path=/api/models/iris/predict
declare -A url=([direct]="http://127.0.0.1:$worker_port$path" [gateway]="$gateway$path" [yarp]="http://127.0.0.1:$bare_port$path")
targets=(direct gateway yarp)
source "$root/bench/lib/wrk.sh" # cpu_ticks
declare -A proxy_pid=([direct]="" [gateway]=${service_pid[api]} [yarp]=$yarp_pid)
measure() { # target connections -> "rps p50_ms p99_ms worker_cpu_ms_per_request proxy_cpu_ms_per_request"
  local worker_before proxy_before=0 worker_after proxy_after=0 proxy=${proxy_pid[$1]}
  worker_before=$(cpu_ticks "${service_pid[modelworker]}"); [ -n "$proxy" ] && proxy_before=$(cpu_ticks "$proxy")
  DSAPP_KEY=$key wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$duration" --latency -s "$script" "${url[$1]}" >"$work/$1-$2.txt"
  worker_after=$(cpu_ticks "${service_pid[modelworker]}"); [ -n "$proxy" ] && proxy_after=$(cpu_ticks "$proxy")
  awk -v tick="$(getconf CLK_TCK)" -v w=$((worker_after - worker_before)) -v p=$((proxy_after - proxy_before)) '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx|Socket errors/ { bad = $0 }
    END { if (bad) { print FILENAME ": " bad > "/dev/stderr"; exit 1 }
          printf "%.0f %.3f %.3f %.3f %.3f\n", rps, p50, p99, 1000 * w / tick / n, 1000 * p / tick / n }' "$work/$1-$2.txt"
}

echo "warming up ($warmup each)" >&2
for target in "${targets[@]}"; do DSAPP_KEY=$key wrk -t2 -c16 -d"$warmup" -s "$script" "${url[$target]}" >/dev/null; done

echo "| round | connections | direct req/s | gateway req/s | YARP alone req/s | gateway / direct | gateway / YARP alone | direct p50 | gateway p50 | YARP p50 | p50 added by the gateway | direct p99 | gateway p99 | YARP p99 | CPU per request: worker direct / behind gateway / gateway / YARP |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  for connections in 16 1; do
    declare -A rps=() p50=() p99=() worker_cpu=() proxy_cpu=()
    for target in "${targets[@]}"; do
      read -r "rps[$target]" "p50[$target]" "p99[$target]" "worker_cpu[$target]" "proxy_cpu[$target]" < <(measure "$target" "$connections")
    done
    awk -v r="$round" -v c="$connections" -v dr="${rps[direct]}" -v gr="${rps[gateway]}" -v yr="${rps[yarp]}" \
        -v d5="${p50[direct]}" -v g5="${p50[gateway]}" -v y5="${p50[yarp]}" -v d9="${p99[direct]}" -v g9="${p99[gateway]}" -v y9="${p99[yarp]}" \
        -v wd="${worker_cpu[direct]}" -v wg="${worker_cpu[gateway]}" -v gc="${proxy_cpu[gateway]}" -v yc="${proxy_cpu[yarp]}" 'BEGIN {
      printf "| %d | %d | %d | %d | %d | %.0f %% | %.0f %% | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f / %.3f / %.3f / %.3f |\n",
        r, c, dr, gr, yr, 100 * gr / dr, 100 * gr / yr, d5, g5, y5, g5 - d5, d9, g9, y9, wd, wg, gc, yc }'
  done
done
echo "(latencies and CPU per request in ms, CPU read from /proc/<pid>/stat around each wrk run; wrk -t2 (-t1 for 1 connection) -d$duration --latency -s bench/gateway/predict.lua)"
