#!/usr/bin/env bash
# Ingest benchmark: uploads a generated CSV (100 MiB and 1 GiB by default) through the gateway into
# the ingest service and reports MB/s and the ingest process's peak resident memory (VmHWM); in the
# same run, pandas reads the same file (read_csv + describe) and reports the same two figures.
#
# The gateway and the ingest service run as Release builds on free loopback ports, with a
# redis-server of their own and a fresh store folder; the ingest service is restarted for each
# file so each peak is that file's own. Usage: bench/ingest/run.sh [SIZE_MB ...]   (default: 100 1024)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
sizes=("${@:-100 1024}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
runs=${RUNS:-3}   # uploads and pandas reads per file; the table gives the median
work=${BENCH_DIR:-/tmp/dsapp-bench}
mkdir -p "$work"

source scripts/prerequisites.sh # installs what is missing, as ./test.sh does
require_dotnet
ensure_command redis-server
# Debian's python3 (not one a version manager put first on the PATH): python3-pandas installs there.
py=/usr/bin/python3
$py -c "import pandas" 2>/dev/null || apt_install python3-pandas
[ -x /usr/bin/time ] || apt_install time

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1"; exit 1; }
kib() { awk -v k="$1" '/^'"$1"':/ {print $2}' "/proc/$2/status"; }

echo "building (Release)"
dotnet build DsApp.Ingest -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build DsApp.Api -c Release -nologo -v quiet -clp:ErrorsOnly

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis_port=$(free_port); ingest_port=$(free_port); gateway_port=$(free_port)
# The gateway takes only keys (their SHA-256 configured) and vouches for its calls with the internal secret.
key=bench-admin-key-0123456789abcdef0123
key_hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1)
export Gateway__InternalSecret=bench-internal-secret-0123456789abcdef
export Gateway__ApiKeys__admin__Hash="$key_hash" Gateway__ApiKeys__admin__Role=admin
export Gateway__BodyLimits__UploadBytes=8000000000
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)

start_ingest() {
  rm -rf "$work/store"
  ASPNETCORE_URLS="http://127.0.0.1:$ingest_port" ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__cache="127.0.0.1:$redis_port" Storage__Path="$work/store" \
  Ingest__MaxUploadBytes=8000000000 \
    dotnet DsApp.Ingest/bin/Release/net10.0/DsApp.Ingest.dll >"$work/ingest.log" 2>&1 &
  ingest_pid=$!
  pids+=("$ingest_pid")
  wait_http "http://127.0.0.1:$ingest_port/health"
}

# The gateway forwards /api/datasets to the ingest service; its own body limit is lifted for the run.
ASPNETCORE_URLS="http://127.0.0.1:$gateway_port" ASPNETCORE_ENVIRONMENT=Production \
services__ingest__http__0="http://127.0.0.1:$ingest_port" services__modelworker__http__0="http://127.0.0.1:9" \
Kestrel__Limits__MaxRequestBodySize=8000000000 \
  dotnet DsApp.Api/bin/Release/net10.0/DsApp.Api.dll >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$gateway_port/alive"

echo "| file | rows | dsapp MB/s | dsapp peak RSS (MiB) | dsapp idle RSS (MiB) | pandas MB/s | pandas peak RSS (MiB) | speed ratio | memory ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  file="$work/data-${size}mb.csv"
  [ -f "$file" ] || python3 bench/ingest/generate_csv.py "$file" "$size" >/dev/null
  bytes=$(stat -c %s "$file")

  start_ingest
  idle=$(kib VmRSS "$ingest_pid")
  # A warm-up upload (the first 100,000 lines) so the measured ones run JIT-compiled code, as a serving process does.
  head -n 100000 "$file" > "$work/warm-up.csv"
  curl -sf -o /dev/null -X POST -T "$work/warm-up.csv" -H "X-Api-Key: $key" -H 'Content-Type: text/csv' "http://127.0.0.1:$gateway_port/api/datasets?id=warm-up"
  ours=()
  for run in $(seq 1 "$runs"); do
    started=$(date +%s.%N)
    status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST -T "$file" -H "X-Api-Key: $key" -H 'Content-Type: text/csv' \
      "http://127.0.0.1:$gateway_port/api/datasets?id=bench-$size-$run")
    ended=$(date +%s.%N)
    [ "$status" = 201 ] || { echo "upload answered $status: $(head -c 500 "$work/answer.json")"; exit 1; }
    ours+=("$(echo "$ended - $started" | bc)")
  done
  peak=$(kib VmHWM "$ingest_pid")
  rows=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["rowCount"])' "$work/answer.json")
  kill "$ingest_pid"; wait "$ingest_pid" 2>/dev/null || true

  theirs=(); pandas_peak=0
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -v -o "$work/pandas-time.txt" $py - "$file" >"$work/pandas.txt" <<'PY'
import sys, time
import pandas as pd
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
frame.describe(include="all")
print(time.perf_counter() - started)
PY
    theirs+=("$(cat "$work/pandas.txt")")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/pandas-time.txt")
    [ "$rss" -gt "$pandas_peak" ] && pandas_peak=$rss
  done

  $py - "$bytes" "$rows" "$peak" "$idle" "$pandas_peak" "$size" "${ours[*]}" "${theirs[*]}" <<'PY'
import statistics, sys
size, rows, peak, idle, pandas_peak, label, ours, theirs = sys.argv[1:]
mb = int(size) / 1e6
our_rate = mb / statistics.median(map(float, ours.split()))
their_rate = mb / statistics.median(map(float, theirs.split()))
print(f"| {int(label)} MiB | {int(rows):,} | {our_rate:.0f} | {int(peak)/1024:.0f} | {int(idle)/1024:.0f} | {their_rate:.0f} | {int(pandas_peak)/1024:.0f} "
      f"| {our_rate/their_rate:.1f}× | {int(peak)/int(pandas_peak):.2f} |")
print(f"<!-- {label} MiB seconds: dsapp {ours}; pandas {theirs} -->", file=sys.stderr)
PY
done
