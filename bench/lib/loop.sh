# Sourced by the latency benchmarks after bench/lib/work.sh and bench/lib/wrk.sh: builds bench/latency/loop.c (gcc,
# installed when missing) into $work/loop, the one-connection client that reports every request's own latency.
#   loop_tail URL DURATION   one closed loop at one connection for DURATION (10s), the key from $key: its TAIL line
#   with_steal COMMAND...    runs COMMAND and appends steal=P to its TAIL line: the share (%) of the machine's CPU time
#                            the hypervisor gave to other guests meanwhile. These VMs lose up to a third at times, and
#                            a one-connection tail follows it (docs/benchmarks.md): read a run with its steal.
ensure_command gcc
gcc -O2 -Wall -o "$work/loop" "$root/bench/latency/loop.c"
steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }
with_steal() {
  local before started output
  before=$(steal_ticks); started=$(date +%s.%N)
  output=$("$@")
  awk -v stolen=$(( $(steal_ticks) - before )) -v started="$started" -v ended="$(date +%s.%N)" \
    -v capacity="$(( $(nproc) * $(getconf CLK_TCK) ))" \
    '/^TAIL / { printf "%s steal=%.1f\n", $0, 100 * stolen / ((ended - started) * capacity); next } { print }' <<<"$output"
}
loop_tail() { with_steal env DSAPP_KEY="$key" "$work/loop" "$1" "$(lua_body)" "${2%s}"; }
