#!/usr/bin/env bash
# Faults under load (issue 19): the stack as plain Release processes on loopback (Redis, one ingest, TWO model workers,
# the gateway pointed at both), a load through the gateway for each scenario (load.py: PREDICTORS prediction loops and a
# writer loop that records every acknowledged write and looks for each one afterwards), and a fault in the middle:
#   (a) redis     Redis stopped for FAULT seconds, then started again (empty)
#   (b) worker    one of the two workers killed (SIGKILL) while both train a model and serve the load; started again FAULT s later
#   (c) store     the object store (s3rver, on a second stack whose store is S3) stopped for FAULT seconds, then started again
#   (d) ingest    the ingest service killed (SIGKILL) during a large upload; started again FAULT s later
# Each scenario runs BEFORE s of load, the fault, AFTER s of load once it ends. Prints one table row per scenario (report.py)
# and checks for each scenario: (b) both trainings end once each, (d) the interrupted upload left nothing visible.
# Usage: bench/faults/run.sh [SCENARIO ...]   (default: all four; BEFORE=5 FAULT=30 AFTER=25, PREDICTORS=6, KEEP=dir for the logs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/faults"
asked=" ${*:-redis worker store ingest} "
# The scenarios on the stack whose store is a folder first, then the one on S3.
for scenario in $asked; do [[ " redis worker ingest store " == *" $scenario "* ]] || { echo "unknown scenario: $scenario (redis, worker, ingest, store)" >&2; exit 2; }; done
scenarios=(); for scenario in redis worker ingest store; do [[ $asked == *" $scenario "* ]] && scenarios+=("$scenario"); done
before=${BEFORE:-5}; fault=${FAULT:-30}; after=${AFTER:-25}
source "$root/bench/lib/work.sh"
# KEEP=dir keeps the request logs (*.jsonl) and the services' logs there when the run ends.
keep_logs() { [[ -z ${KEEP:-} ]] || { mkdir -p "$KEEP" && cp -r "$bench_dir"/*.jsonl "$bench_dir"/*.md "$bench_dir"/file "$bench_dir"/s3 "$KEEP"/ 2>/dev/null; } || true; }
trap 'keep_logs; cleanup' EXIT
(cd "$root" && ensure_s3rver)
declare -A service_pid=() # filled by bench/lib/iris-stack.sh

table="$bench_dir/faults.md"; checks="$bench_dir/checks.txt"; : >"$checks"
{
  echo "| scenario | predictions during | predictions after | writes during | writes after | prediction p50 / p99 ms, before → during | slowest answer | recovered | writes acknowledged / lost |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$table"
check() { echo "$1" | tee -a "$checks" >&2; }
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
stop_stack() { for name in "${!service_pid[@]}"; do kill -9 "${service_pid[$name]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
alive() { wait_http "http://127.0.0.1:$1/alive"; }

# run_scenario ID NAME FAULT_COMMAND RESTORE_COMMAND: load, the fault after $before s, the restore $fault s later, $after s more.
# ID names the scenario's log and its writes (datasets faults-ID-writes, models faults-ID-model-N).
run_scenario() {
  local name=$2 log="$bench_dir/$1.jsonl" stop="$bench_dir/$1.stop" start end
  echo "== $name: $(date -u +%T) load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  python3 "$here/load.py" "$gateway" "$key" "$stop" "$log" "faults-$1" &
  local load=$!
  sleep "$before"
  start=$(date +%s.%N); $3; echo "   fault at $(date -u +%T)" >&2
  sleep "$fault"
  $4; end=$(date +%s.%N); echo "   restored at $(date -u +%T)" >&2
  sleep "$after"; touch "$stop"
  wait "$load"
  python3 "$here/report.py" "$name" "$log" "$start" "$end" | tee -a "$table"
}

STACK_SETTINGS="Jobs__ClaimTimeout=00:00:10"
WORKERS=2
s3_port=""
for scenario in "${scenarios[@]}"; do
  case $scenario in
    redis|worker|ingest)
      if [[ -z ${service_pid[api]:-} ]]; then
        work="$bench_dir/file"; mkdir -p "$work"
        source "$root/bench/lib/iris-stack.sh"
      fi ;;
    store)
      if [[ -z ${s3rver_pid:-} ]]; then
        [[ -n ${service_pid[api]:-} ]] && stop_stack
        s3_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'); mkdir -p "$bench_dir/s3rver"
        start_s3rver() {
          "$root/.tools/node_modules/.bin/s3rver" -d "$bench_dir/s3rver" -a 127.0.0.1 -p "$s3_port" --silent --configure-bucket dsapp-faults \
            >>"$bench_dir/s3rver.log" 2>&1 & pids+=($!); s3rver_pid=$!
          for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && return 0; sleep 0.1; done
        }
        start_s3rver
        # s3rver honours no If-Match / If-None-Match: manifests are written under the Redis lock (Storage__ConditionalWrites=false).
        STACK_SETTINGS="Jobs__ClaimTimeout=00:00:10 Storage__Provider=S3 Storage__ServiceUrl=http://127.0.0.1:$s3_port Storage__Bucket=dsapp-faults
          Storage__ForcePathStyle=true Storage__ConditionalWrites=false AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER"
        work="$bench_dir/s3"; mkdir -p "$work"
        source "$root/bench/lib/iris-stack.sh"
      fi ;;
  esac

  case $scenario in
    redis)
      stop_redis() { kill "${service_pid[redis]}"; }
      run_scenario redis "(a) Redis stopped ${fault} s" stop_redis start_redis ;;
    worker)
      # Two trainings long enough to be running when the worker dies: each worker runs one (Jobs:Concurrency 1).
      api -X POST "$gateway/api/samples/house-prices?id=faults-houses" >/dev/null
      trainings=()
      for model in faults-trained-1 faults-trained-2; do
        api -X POST "${json[@]}" "$gateway/api/models" -d "{\"name\":\"$model\",\"task\":\"regression\",\"label\":\"price\"}" >/dev/null
      done
      start_trainings_and_kill() {
        for model in faults-trained-1 faults-trained-2; do
          trainings+=("$(api -X POST "${json[@]}" "$gateway/api/models/$model/versions" \
            -d '{"datasetId":"faults-houses","trainer":"fast-tree","options":{"iterations":3000,"leaves":64}}' | json_field 'd["id"]')")
        done
        for _ in $(seq 1 100); do
          [[ $(for id in "${trainings[@]}"; do api "$gateway/api/jobs/$id" | json_field 'd["status"]'; done | sort -u) == running ]] && break
          sleep 0.1
        done
        kill -9 "${service_pid[modelworker-2]}"
      }
      restart_worker() { restart_service modelworker-2; alive "${worker_ports[1]}"; }
      run_scenario worker "(b) one of two workers killed" start_trainings_and_kill restart_worker
      for id in "${trainings[@]}"; do
        for _ in $(seq 1 1200); do
          status=$(api "$gateway/api/jobs/$id" | json_field 'd["status"]')
          [[ $status == succeeded || $status == failed || $status == cancelled ]] && break
          sleep 0.25
        done
        check "(b) training job $id: $status"
      done
      for model in faults-trained-1 faults-trained-2; do
        check "(b) $model: $(api "$gateway/api/models/$model/versions" | json_field '", ".join("v%s %s" % (v["version"], v["status"]) for v in d["items"])')"
      done ;;
    store)
      stop_s3rver() { kill "$s3rver_pid"; }
      run_scenario store "(c) object store (s3rver) stopped ${fault} s" stop_s3rver start_s3rver ;;
    ingest)
      big="$bench_dir/big.csv"; python3 "$root/bench/ingest/generate_csv.py" "$big" 40
      upload_and_kill() {
        # Throttled so the kill lands half way: about 20 s for 40 MB.
        curl -sS -o "$bench_dir/upload.json" -w '%{http_code}' --limit-rate 2M -X PUT -T "$big" -H 'Content-Type: text/csv' \
          -H "X-Api-Key: $key" "$gateway/api/datasets/faults-big" >"$bench_dir/upload.status" 2>"$bench_dir/upload.err" &
        upload=$!
        sleep 3
        kill -9 "${service_pid[ingest]}"
      }
      restart_ingest() { restart_service ingest; alive "$ingest_port"; }
      run_scenario ingest "(d) ingest killed during an upload" upload_and_kill restart_ingest
      wait "$upload" || true
      check "(d) the interrupted upload answered $(cat "$bench_dir/upload.status") $(head -c 300 "$bench_dir/upload.json" 2>/dev/null) $(cat "$bench_dir/upload.err")"
      check "(d) GET /api/datasets/faults-big afterwards: $(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "$gateway/api/datasets/faults-big")" ;;
  esac
done

echo >&2
cat "$table"
echo
cat "$checks"
