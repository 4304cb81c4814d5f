#!/usr/bin/env bash
# The latency tail of one-row predictions, in one run, one target after the other (2 cores: never two at once):
# DsApp through the gateway, the model worker straight; then, DsApp stopped, the same two-process chain with none of
# DsApp's code (bench/gateway/Bare, YARP with one route, in front of bench/predict/Bare, ASP.NET Core + ML.NET) and
# that server alone; then the peer (bench/peers/fastapi-sklearn).
# The ML.NET iris model (lbfgs, seed 1), prediction cache off (wrk repeats one row, which the cache would answer).
# For each target, after WARMUP (20 s: the JIT is still tiering up after 10 s) of traffic:
#   closed loop at 1 connection (bench/latency/loop.c: every request's own latency; wrk would add phantom requests, see
#   loop.c) and at 64 (wrk -t2 -c64), DURATION (10 s) each;
#   paced: OPEN_CONNECTIONS (64) connections each pausing so that together they ask RATE requests a second (by default
#   half of what the gateway answered at 16 connections in this run), so a slow answer delays one connection's next
#   request, not the whole load (a closed loop at 1 connection hides the queueing a slow request causes: coordinated
#   omission). The same rate for every target.
# Reports p50, p90, p99, p99.9 and the max (loop.c's, or wrk's own histogram via tail.lua), req/s, CPU ms per request per
# process. Usage: bench/latency/run.sh   (OUT=file saves the table; SETTINGS="Key=value ..." for every DsApp service)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-10s}
open_connections=${OPEN_CONNECTIONS:-64}
source "$root/bench/lib/latency.sh"

results="$bench_dir/tail.tsv"; : >"$results"
loads=""
note_load() { loads+="$(date -u +%H:%M:%S) $1: load average $(cut -d' ' -f1-3 /proc/loadavg)"$'\n'; }

# measure TARGET MODE URL CONNECTIONS PACE_MS [pid...]: one run (latency_tail), a line in $results
measure() {
  local target=$1 mode=$2 url=$3 c=$4 pace=$5; shift 5
  local pid before=() after=() report
  for pid in "$@"; do before+=("$(cpu_ticks "$pid")"); done
  report=$(latency_tail "$url" "$c" "$pace" "$duration")
  for pid in "$@"; do after+=("$(cpu_ticks "$pid")"); done
  local line requests cpu="" i
  line=$(grep '^TAIL ' <<<"$report")
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  for i in "${!before[@]}"; do
    cpu+=${cpu:+/}$(awk -v t=$((after[i] - before[i])) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.3f", 1000 * t / hz / n }')
  done
  printf '%s\t%s\t%s\t%s\t%s\n' "$target" "$mode" "$c" "${line#TAIL }" "$cpu" >>"$results"
  echo "$target $mode c=$c: ${line#TAIL }${cpu:+ cpu $cpu}" >&2
}
# requests a second at 16 connections, closed loop (sets the paced rate)
rate16() { DSAPP_KEY=$key wrk -t2 -c16 -d"$duration" -s "$script" "$1" | awk '/Requests\/sec/ {printf "%d", $2}'; }
# run_target NAME URL [pid...]
run_target() {
  local name=$1 url=$2; shift 2
  warm "$url"
  measure "$name" closed "$url" 1 0 "$@"
  measure "$name" closed "$url" 64 0 "$@"
  measure "$name" paced "$url" "$open_connections" "$pace_ms" "$@"
}

EXTRA_PROJECTS="bench/predict/Bare bench/gateway/Bare"
STACK_SETTINGS="${SETTINGS:-}" source "$root/bench/lib/iris-stack.sh"
source "$root/bench/lib/bare-chain.sh"
iris_cache_off
note_load "DsApp"
warm "$gateway/api/models/iris/predict"
rate=${RATE:-$(( $(rate16 "$gateway/api/models/iris/predict") / 2 ))}
# each connection's pause, so that OPEN_CONNECTIONS connections together ask about $rate a second
pace_ms=$(( open_connections * 1000 / rate )); (( pace_ms >= 1 )) || pace_ms=1
echo "paced: $open_connections connections, a pause of $pace_ms ms each (about $rate requests a second)" >&2
run_target gateway "$gateway/api/models/iris/predict" "${service_pid[api]}" "${service_pid[modelworker]}"
run_target worker "http://127.0.0.1:$worker_port/api/models/iris/predict" "${service_pid[modelworker]}"
stop_all
# The bare chain runs as the gateway and worker do (the proxy on the thread pool, the server on its socket threads):
# what its tail shares with DsApp's belongs to the chain (two .NET processes, four wake-ups a request on 2 cores), not
# to DsApp's code.
start_bare_chain
note_load "bare"
run_target "bare chain" "$(predict_url "$proxy_port")" "$bare_proxy" "$bare_server"
run_target "bare server" "$(predict_url "$bare_port")" "$bare_server"
stop_all
start_peer
note_load "peer"
# shellcheck disable=SC2086 # the peer's processes (gunicorn and its workers), one CPU column each
run_target peer "http://127.0.0.1:$peer_port/api/models/iris/predict" $peer_pids
stop_all
note_load "end"

{
echo "### One-row predict latency (cache off): closed loop at 1 and 64 connections, paced at ~$rate req/s"
echo
python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print("| target | loop | connections | req/s | p50 (ms) | p90 | p99 | p99.9 | max | errors | CPU ms/request | steal % |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for target, mode, c, fields, cpu in rows:
    f = dict(kv.split("=") for kv in fields.split())
    ms = lambda k: f"{int(f[k]) / 1000:.2f}"
    rps = int(f["requests"]) / float(f["seconds"])
    print(f"| {target} | {mode} | {c} | {rps:,.0f} | {ms('p50')} | {ms('p90')} | {ms('p99')} | {ms('p999')} | {ms('max')} | {f['errors']} | {cpu} | {f['steal']} |")
PY
echo
echo "One connection: bench/latency/loop.c (each request's own latency); 64 connections and paced: wrk's histogram (tail.lua)."
echo
echo "CPU ms/request: gateway/worker for the gateway, worker alone, proxy/server for the bare chain, the peer's processes (gunicorn master/workers)."
echo
echo "Load average along the run:"
echo
echo "$loads" | sed '/^$/d; s/^/    /'
} | tee "${OUT:-/dev/null}"
