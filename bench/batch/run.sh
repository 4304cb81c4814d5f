#!/usr/bin/env bash
# Batch prediction benchmark: a ROWS-row iris-shaped dataset (default 1,000,000; the four features drawn
# around the real iris rows, seeded) is uploaded through the gateway, then POST /api/models/iris/batch-predictions
# and the job is polled until it succeeds. Reports the end-to-end time (POST to job succeeded, polled every
# 0.1 s by run_job), the upload time, the rows written and the output dataset's size. Target (issue 4): 1,000,000 rows
# within 15 s. Usage: bench/batch/run.sh   (ROWS=1000000 RUNS=2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${ROWS:-1000000}
runs=${RUNS:-2}
source "$root/bench/lib/work.sh"

source "$root/bench/lib/iris-stack.sh"

echo "writing $rows rows" >&2
python3 - "$rows" >"$work/big.csv" <<'PY'
import random, sys
random.seed(7)
rows = int(sys.argv[1])
centres = {"setosa": (5.0, 3.4, 1.5, 0.2), "versicolor": (5.9, 2.8, 4.3, 1.3), "virginica": (6.6, 3.0, 5.6, 2.0)}
names = list(centres)
out = sys.stdout
out.write("sepal_length,sepal_width,petal_length,petal_width\n")
for i in range(rows):
    c = centres[names[i % 3]]
    out.write("%.1f,%.1f,%.1f,%.1f\n" % tuple(max(0.1, v + random.gauss(0, 0.3)) for v in c))
PY
size=$(stat -c %s "$work/big.csv")
start=$(date +%s.%N)
api -X PUT -H 'Content-Type: text/csv' --data-binary @"$work/big.csv" "$gateway/api/datasets/iris-big" >/dev/null
upload=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
echo "uploaded $((size / 1048576)) MiB in $upload s" >&2

echo "| run | rows | end to end (s) | rows/s | output rows | output size (MiB) |"
echo "|---|---|---|---|---|---|"
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  status=$(run_job /api/models/iris/batch-predictions '{"datasetId":"iris-big"}')
  elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  read -r out_id out_rows < <(python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r["datasetId"], r["rows"])' <<<"$status")
  out_size=$(api "$gateway/api/datasets/$out_id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sizeBytes"])')
  awk -v r="$run" -v n="$rows" -v e="$elapsed" -v o="$out_rows" -v s="$out_size" 'BEGIN { printf "| %d | %d | %.1f | %.0f | %d | %.0f |\n", r, n, e, n / e, o, s / 1048576 }'
done
