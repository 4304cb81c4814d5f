# Sourced by bench/predict and bench/capture: builds Release, starts redis-server, ingest, modelworker and
# the gateway as plain processes on free loopback ports (key and internal secret set), and trains iris
# (lbfgs, seed 1) through the gateway. The caller sets root, work, pids (and its cleanup trap) first,
# and may list more projects to build in EXTRA_PROJECTS, settings for every service in STACK_SETTINGS and for the
# gateway alone in GATEWAY_SETTINGS ("Key=value ..."). Sourced twice with another $work, it starts a second stack.
# WORKERS=2 (or more) starts that many model-worker processes (modelworker, modelworker-2, ...), each on its own
# port, and gives every service all of their addresses; restart_service NAME starts a killed one again on its port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 150); do curl -fsS -m 10 -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "not answering: $1" >&2; exit 1; }

if [[ ${stack_built:-} != "$root" ]]; then # once per checkout when sourced again for a fresh stack
  echo "building (Release)" >&2
  for project in DsApp.Ingest DsApp.ModelWorker DsApp.Api ${EXTRA_PROJECTS:-}; do
    dotnet build "$root/$project" -c Release -nologo -v q -clp:ErrorsOnly >&2
  done
  stack_built=$root
fi

redis_port=$(free_port); ingest_port=$(free_port); worker_port=$(free_port); api_port=$(free_port); bare_port=$(free_port); peer_port=$(free_port)
worker_ports=("$worker_port"); for _ in $(seq 2 "${WORKERS:-1}"); do worker_ports+=("$(free_port)"); done
key=bench-admin-key-0123456789abcdef0123
key_hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1)
secret=bench-internal-secret-0123456789abcdef

declare -gA service_pid service_start # global (this file may be sourced inside a function); by name: redis, ingest, modelworker, api
start_redis() { redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >>"$work/redis.log" 2>&1 & pids+=($!); service_pid[redis]=$!; }
start_redis
common=(ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__cache=127.0.0.1:$redis_port" "Storage__Path=$work/store"
  "Gateway__InternalSecret=$secret" "Gateway__ApiKeys__admin__Hash=$key_hash" Gateway__ApiKeys__admin__Role=admin
  "services__ingest__http__0=http://127.0.0.1:$ingest_port" Logging__LogLevel__Default=Warning)
for i in "${!worker_ports[@]}"; do common+=("services__modelworker__http__$i=http://127.0.0.1:${worker_ports[i]}"); done
run_service() { # project port name [more settings for this service...]
  local dll inline=(); dll=$(ls "$root/$1/bin/Release/net10.0/$1.dll")
  service_start[$3]="$*"
  # as the AppHost starts them (SocketThreadConfiguration): the workers' requests on the socket threads
  case $3 in modelworker*) inline=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1) ;; esac
  env "${common[@]}" "${inline[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$2" OTEL_SERVICE_NAME="$3" \
    Gateway__RateLimits__KeyPermitsPerSecond=10000000 Gateway__RateLimits__KeyBurst=10000000 ${STACK_SETTINGS:-} "${@:4}" \
    dotnet "$dll" >>"$work/$3.log" 2>&1 & pids+=($!)
  service_pid[$3]=$!
}
restart_service() { # name: the service started again as it was first started (its port, its settings)
  # shellcheck disable=SC2086
  run_service ${service_start[$1]}
}
run_service DsApp.Ingest "$ingest_port" ingest
run_service DsApp.ModelWorker "$worker_port" modelworker
for i in $(seq 1 $((${#worker_ports[@]} - 1))); do run_service DsApp.ModelWorker "${worker_ports[i]}" "modelworker-$((i + 1))"; done
# GATEWAY_SETTINGS: "Key=value ..." for the gateway only (e.g. Telemetry__Enabled=false)
run_service DsApp.Api "$api_port" api ${GATEWAY_SETTINGS:-}
for port in "$ingest_port" "${worker_ports[@]}" "$api_port"; do wait_http "http://127.0.0.1:$port/alive"; done
wait_http "http://127.0.0.1:$api_port/health"

gateway="http://127.0.0.1:$api_port"
api() { curl -fsS -H "X-Api-Key: $key" "$@"; }
# Turns the iris model's prediction cache off: benches that repeat one row measure the model, not the cache.
iris_cache_off() { api -X PATCH -H 'Content-Type: application/merge-patch+json' "$gateway/api/models/iris" -d '{"cachePredictions":false}' >/dev/null; }
json=(-H 'Content-Type: application/json')
echo "training iris through the gateway" >&2
api -X POST "$gateway/api/samples/iris" >/dev/null
api -X POST "${json[@]}" "$gateway/api/models" -d '{"name":"iris","task":"multiclass-classification","label":"species"}' >/dev/null
# Queues a job (POST path body) and waits until it ends: prints the succeeded job's JSON, or stops the benchmark.
run_job() {
  local id status
  id=$(api -X POST "${json[@]}" "$gateway$1" -d "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 1 3000); do
    status=$(api "$gateway/api/jobs/$id")
    case $(python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' <<<"$status") in
      succeeded) printf '%s\n' "$status"; return 0 ;;
      failed|cancelled) echo "job $id: $status" >&2; exit 1 ;;
    esac
    sleep 0.1
  done
  echo "job $id did not end in 5 minutes" >&2; exit 1
}
run_job /api/models/iris/versions '{"datasetId":"iris","trainer":"lbfgs","seed":1}' >/dev/null
