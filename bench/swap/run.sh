#!/usr/bin/env bash
# Hot swap under load: two versions of iris (lbfgs and sdca), production on version 1, then a 30 s wrk run
# (16 connections, one row per request, through the gateway, prediction cache off so every answer comes
# from a model) during which the production alias moves to 2 at 10 s and back to 1 at 20 s. Prints wrk's
# summary and the answers counted by status and X-Model-Version. Target (issue 4): zero non-2xx answers.
# Usage: bench/swap/run.sh   (DURATION=30 seconds)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-30}
source "$root/bench/lib/work.sh"

source "$root/bench/lib/iris-stack.sh"

echo "training iris version 2 (sdca)" >&2
run_job /api/models/iris/versions '{"datasetId":"iris","trainer":"sdca","seed":1}' >/dev/null
promote() { api -X PATCH -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d "{\"aliases\":{\"production\":$1},\"cachePredictions\":false}" >/dev/null; echo "$(date +%T.%3N) production -> $1" >&2; }
promote 1
DSAPP_KEY=$key wrk -t2 -c16 -d3s -s "$root/bench/swap/swap.lua" "$gateway/api/models/iris/predict" >/dev/null # warm-up

DSAPP_KEY=$key wrk -t2 -c16 -d"${duration}s" --latency -s "$root/bench/swap/swap.lua" "$gateway/api/models/iris/predict" >"$work/wrk.txt" &
wrk_pid=$!
sleep $((duration / 3)); promote 2
sleep $((duration / 3)); promote 1
wait "$wrk_pid"
cat "$work/wrk.txt"
if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then echo "swap: FAILED (errors above)"; exit 1; fi
echo "swap: zero non-2xx answers and no socket errors"
