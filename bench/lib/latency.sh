# Sourced first by the bench/latency scripts (after they set $root): the work folder and its clean-up (work.sh), the
# wrk helpers with bench/latency/tail.lua as the wrk script, and the one-connection client (loop.sh); then
#   warm URL [DURATION]                        WARMUP (20 s) of traffic at 16 connections: the JIT tiers up meanwhile
#   latency_tail URL CONNECTIONS PACE_MS DURATION   one run's TAIL line with its steal: loop.c at one connection
#                                              without a pause, else wrk (tail.lua; PACE_MS after each answer)
script=$root/bench/latency/tail.lua
source "$root/bench/lib/work.sh"
source "$root/bench/lib/wrk.sh"
source "$root/bench/lib/loop.sh"
warm() { DSAPP_KEY=$key wrk -t2 -c16 -d"${2:-${WARMUP:-20s}}" -s "$script" "$1" >/dev/null; }
latency_tail() {
  if (( $2 == 1 && $3 == 0 )); then loop_tail "$1" "$4"
  else with_steal env DSAPP_KEY="$key" PACE_MS="$3" wrk -t"$(( $2 < 2 ? $2 : 2 ))" -c"$2" -d"$4" -s "$script" "$1" | grep '^TAIL '; fi
}
