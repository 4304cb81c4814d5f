#!/usr/bin/env bash
# Gateway benchmark: what the gateway costs. The same request, in one run, straight to the model
# worker and through the gateway (valid key checked, rate limits on with a ceiling no client
# reaches, body limits, CORS, forwarded headers): wrk, 16 connections, one after the other, never
# at the same time (2 cores). Reports requests/s and p50/p99 of each and the ratios.
#
# The request is predict (iris, one row) when the worker serves it, after training the sample
# model; else GET /api/models (the registry list), which says nothing about ML.NET but the same
# about the gateway. Usage: bench/gateway/run.sh   (DURATION=10s CONNECTIONS=16 ROUNDS=2;
# GATEWAY_ENV="Setting__Key=value ..." adds settings to the gateway, e.g. Telemetry__Enabled=false to see its cost)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/gateway
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
rounds=${ROUNDS:-2}
work=${BENCH_DIR:-/tmp/dsapp-bench-gateway}
rm -rf "$work"; mkdir -p "$work"

command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install redis-server)"; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1"; exit 1; }

echo "building (Release)"
dotnet build DsApp.ModelWorker -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build DsApp.Ingest -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build DsApp.Api -c Release -nologo -v quiet -clp:ErrorsOnly

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1)
secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DSAPP_KEY=$key
redis_port=$(free_port); ingest_port=$(free_port); worker_port=$(free_port); gateway_port=$(free_port)

# Every process as in a deployment: Production, the internal secret, the key (an admin key: the
# flow below creates a dataset and trains), logs at Warning.
common=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
  Gateway__InternalSecret="$secret" Gateway__ApiKeys__bench__Hash="$hash" Gateway__ApiKeys__bench__Role=admin)

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$ingest_port" ConnectionStrings__cache="127.0.0.1:$redis_port" Storage__Path="$work/store" \
  dotnet DsApp.Ingest/bin/Release/net10.0/DsApp.Ingest.dll >"$work/ingest.log" 2>&1 &
pids+=($!)
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$worker_port" ConnectionStrings__cache="127.0.0.1:$redis_port" Storage__Path="$work/store" \
  services__ingest__http__0="http://127.0.0.1:$ingest_port" \
  dotnet DsApp.ModelWorker/bin/Release/net10.0/DsApp.ModelWorker.dll >"$work/modelworker.log" 2>&1 &
pids+=($!)
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$gateway_port" \
  services__ingest__http__0="http://127.0.0.1:$ingest_port" services__modelworker__http__0="http://127.0.0.1:$worker_port" \
  Gateway__RateLimits__KeyPermitsPerSecond=10000000 Gateway__RateLimits__KeyBurst=10000000 ${GATEWAY_ENV:-} \
  dotnet DsApp.Api/bin/Release/net10.0/DsApp.Api.dll >"$work/gateway.log" 2>&1 &
pids+=($!)
for port in "$ingest_port" "$worker_port" "$gateway_port"; do wait_http "http://127.0.0.1:$port/alive"; done

gateway="http://127.0.0.1:$gateway_port"
auth=(-H "X-Api-Key: $key")
# Predict when the worker has it: the iris sample, a model, one training job, wait for it.
path=/api/models; script=$here/get.lua; what="GET /api/models (predict not available)"
if curl -sf -o /dev/null -X POST "${auth[@]}" "$gateway/api/samples/iris" \
  && curl -sf -o /dev/null -X POST "${auth[@]}" -H 'Content-Type: application/json' "$gateway/api/models" \
       -d '{"name":"iris","task":"multiclass-classification","label":"species"}' \
  && job=$(curl -sf -X POST "${auth[@]}" -H 'Content-Type: application/json' "$gateway/api/models/iris/versions" -d '{"datasetId":"iris"}'); then
  job_id=$(printf %s "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 1 240); do
    status=$(curl -sf "${auth[@]}" "$gateway/api/jobs/$job_id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    [ "$status" = succeeded ] && break
    [ "$status" = failed ] || [ "$status" = cancelled ] && { echo "training $status"; break; }
    sleep 0.5
  done
  if curl -sf -o /dev/null -X POST "${auth[@]}" -H 'Content-Type: application/json' "$gateway/api/models/iris/predict" \
       -d '{"instances":[{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}]}'; then
    path=/api/models/iris/predict; script=$here/predict.lua; what="POST /api/models/iris/predict (iris, one row)"
  fi
fi
echo "request: $what"

measure() { # name url -> "rps p50_ms p99_ms"
  wrk -t2 -c"$connections" -d"$duration" --latency -s "$script" "$2" >"$work/$1.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.3f %.3f\n", rps, p50, p99 }' "$work/$1.txt"
}

direct="http://127.0.0.1:$worker_port$path"
through="$gateway$path"
echo "warming up"
wrk -t2 -c"$connections" -d3s -s "$script" "$direct" >/dev/null; wrk -t2 -c"$connections" -d3s -s "$script" "$through" >/dev/null

echo "| round | direct req/s | gateway req/s | throughput ratio | direct p50 (ms) | gateway p50 (ms) | p50 added (ms) | direct p99 (ms) | gateway p99 (ms) |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  read -r d_rps d_p50 d_p99 < <(measure "direct-$round" "$direct")
  read -r g_rps g_p50 g_p99 < <(measure "gateway-$round" "$through")
  awk -v r="$round" -v dr="$d_rps" -v gr="$g_rps" -v d5="$d_p50" -v g5="$g_p50" -v d9="$d_p99" -v g9="$g_p99" 'BEGIN {
    printf "| %d | %d | %d | %.0f %% | %.3f | %.3f | %.3f | %.3f | %.3f |\n", r, dr, gr, 100 * gr / dr, d5, g5, g5 - d5, d9, g9 }'
done
echo "raw wrk output: $work/*.txt"
