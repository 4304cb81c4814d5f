# Sourced by the wrk benchmarks: bench LABEL URL warms the target up (WARMUP, 10 s by default: the JIT needs
# several seconds of traffic under load to reach its steady state), measures it with
# wrk -t2 -c16 -d$duration --latency -s $script (WRK_CONNECTIONS sets -c, and -t is at most that) and appends "label rps p50 p99 non-2xx cpu" to $results, where cpu is
# the CPU time (user + system, from /proc/<pid>/stat) each process named after the URL spent per request, in ms,
# joined by "/" (empty when none is named). The caller sets script, duration, key, work and results.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
lua_body() { sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$script"; }
bench() { # label url [pid...]
  curl -fsS -o /dev/null -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d @<(lua_body) "$2" # check
  local c=${WRK_CONNECTIONS:-16}; local t=$(( c < 2 ? c : 2 ))
  DSAPP_KEY=$key wrk -t"$t" -c"$c" -d"${WARMUP:-10s}" -s "$script" "$2" >/dev/null 2>&1 # warm-up, discarded
  local pid before=() after=()
  for pid in "${@:3}"; do before+=("$(cpu_ticks "$pid")"); done
  local report; report=$(DSAPP_KEY=$key wrk -t"$t" -c"$c" -d"$duration" --latency -s "$script" "$2")
  for pid in "${@:3}"; do after+=("$(cpu_ticks "$pid")"); done
  echo "$report" >"$work/$(echo "$1" | tr -c 'a-z0-9' '_').wrk"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$report")
  p50=$(awk '$1=="50%" {print $2}' <<<"$report")
  p99=$(awk '$1=="99%" {print $2}' <<<"$report")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$report"); errors=${errors:-0}
  local requests cpu="" i
  requests=$(awk '/requests in/ {print $1}' <<<"$report")
  for i in "${!before[@]}"; do
    cpu+=${cpu:+/}$(awk -v t=$((after[i] - before[i])) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.3f", 1000 * t / hz / n }')
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$rps" "$p50" "$p99" "$errors" "$cpu" >>"$results"
  echo "$1: $rps req/s, p50 $p50, p99 $p99, non-2xx $errors${cpu:+, CPU ms per request $cpu}" >&2
}
# Starts the peer (bench/peers/fastapi-sklearn, or $PEER) on $peer_port and waits until it predicts; $peer_pids are
# its processes (gunicorn and its workers). Stop DsApp first: only one system runs while another is measured.
start_peer() {
  PORT=$peer_port "${PEER:-$root/bench/peers/fastapi-sklearn}/run.sh" >"$work/peer.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 600); do curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$(lua_body)" "http://127.0.0.1:$peer_port/api/models/iris/predict" 2>/dev/null && break; sleep 0.2; done
  peer_pids=$(pgrep -f "gunicorn.*-b 127.0.0.1:$peer_port" | tr '\n' ' ')
}
