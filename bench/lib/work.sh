# Sourced first by the benchmarks (after they set $root): a fresh work folder ($work, named after the benchmark) and an exit trap that
# stops every process whose pid is in $pids and removes the folder, also when the benchmark fails half-way;
# stop_all stops them before the benchmark moves on to the next system.
# Like ./test.sh, it installs what is missing first: redis-server and wrk (apt).
source "$root/scripts/prerequisites.sh" # the caller sets $root, the checkout
require_dotnet
ensure_command redis-server
ensure_command wrk
work=$(mktemp -d "/tmp/dsapp-bench-$(basename "$(dirname "$0")")-XXXXXX")
bench_dir=$work # kept apart: a benchmark may point $work at a sub-folder for a second stack
pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
cleanup() { stop_all; rm -rf "$bench_dir"; }
trap cleanup EXIT
