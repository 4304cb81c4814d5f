# Sourced by the latency benchmarks after bench/lib/work.sh and bench/lib/wrk.sh: builds bench/latency/loop.c (gcc,
# installed when missing) into $work/loop, the one-connection client that reports every request's own latency.
#   loop_tail URL DURATION   one closed loop at one connection for DURATION (10s), the key from $key: prints its TAIL line
ensure_command gcc
gcc -O2 -Wall -o "$work/loop" "$root/bench/latency/loop.c"
loop_tail() { DSAPP_KEY=$key "$work/loop" "$1" "$(lua_body)" "${2%s}"; }
