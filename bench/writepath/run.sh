#!/usr/bin/env bash
# What the store of record's write path costs, against a baseline commit, in one run:
#   predict   straight to the model worker, prediction cache off (wrk -t2 -c16), req/s and p99
#   commit    one client adding versions to one dataset straight to the ingest (wrk -t1 -c1), commits/s and p99
# BASELINE (a git ref, required) is checked out in a worktree next to the current tree. Each round starts a fresh stack
# (bench/lib/iris-stack.sh) for each tree in turn, order alternating, so no process carries its luck into the other's
# figure; ROUNDS (3) rounds, the table gives medians and the ratio current / baseline.
# Usage: BASELINE=a0a0985 bench/writepath/run.sh
set -euo pipefail
current=$(cd "$(dirname "$0")/../.." && pwd)
root=$current
: "${BASELINE:?set BASELINE to the git ref to compare with}"
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
source "$current/bench/lib/work.sh"
source "$current/bench/lib/wrk.sh"

baseline="$bench_dir/baseline"
git -C "$current" worktree add --detach "$baseline" "$BASELINE" >/dev/null 2>&1
trap 'cleanup; git -C "$current" worktree remove --force "$baseline" 2>/dev/null || true' EXIT

results="$bench_dir/results.tsv"
: >"$results"
measure() { # variant tree
  root=$2 work="$bench_dir/$1-$round"
  mkdir -p "$work"
  # shellcheck source=../lib/iris-stack.sh
  source "$current/bench/lib/iris-stack.sh"
  api -X PATCH -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d '{"cachePredictions":false}' >/dev/null
  script="$current/bench/gateway/predict.lua"
  bench "$1 predict" "http://127.0.0.1:$worker_port/api/models/iris/predict" "${service_pid[modelworker]}"
  script="$current/bench/writepath/commit.lua"
  api -X PUT -H 'Content-Type: text/csv' "http://127.0.0.1:$ingest_port/api/datasets/commits" --data-binary $'a,b\n0,w\n' >/dev/null
  local report
  report=$(DSAPP_KEY=$key wrk -t1 -c1 -d"$duration" --latency -s "$script" "http://127.0.0.1:$ingest_port/api/datasets/commits")
  printf '%s commit\t%s\t-\t%s\t%s\t-\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<<"$report")" \
    "$(awk '$1=="99%" {print $2}' <<<"$report")" "$(awk '/Non-2xx/ {print $5}' <<<"$report")" >>"$results"
  stop_all
}
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  if (( round % 2 )); then measure baseline "$baseline"; measure current "$current"
  else measure current "$current"; measure baseline "$baseline"; fi
done

python3 - "$results" "$BASELINE" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
def med(variant, what, column):
    values = [r[column] for r in rows if r[0] == f"{variant} {what}"]
    return statistics.median(float(v) if column == 1 else ms(v) for v in values), len(values)
print(f"| measure | baseline ({sys.argv[2]}) | current | current / baseline |")
print("|---|---:|---:|---:|")
for what in ("predict", "commit"):
    (b, n), (c, _) = med("baseline", what, 1), med("current", what, 1)
    (bp, _), (cp, _) = med("baseline", what, 3), med("current", what, 3)
    print(f"| {what} req/s (median of {n}) | {b:,.0f} | {c:,.0f} | {c/b:.2f} |")
    print(f"| {what} p99 ms | {bp:.2f} | {cp:.2f} | {cp/bp:.2f} |")
errors = sum(int(r[4]) for r in rows if r[4] not in ("", "-"))
print(f"\nnon-2xx answers: {errors}")
PY
