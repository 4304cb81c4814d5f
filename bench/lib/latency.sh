# Sourced first by the bench/latency scripts (after they set $root): the work folder and its clean-up (work.sh), the
# wrk helpers with bench/latency/tail.lua as the wrk script, and the one-connection client (loop.sh).
script=$root/bench/latency/tail.lua
source "$root/bench/lib/work.sh"
source "$root/bench/lib/wrk.sh"
source "$root/bench/lib/loop.sh"
