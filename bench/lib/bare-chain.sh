# Sourced after bench/lib/iris-stack.sh (with EXTRA_PROJECTS="bench/predict/Bare bench/gateway/Bare") by the latency
# benchmarks: DsApp's two-process shape with none of DsApp's code. Each bare process runs as the AppHost starts the gateway
# and the worker (the server's requests on the socket threads, the proxy's on the thread pool; SETTINGS="Key=value ..."
# for every .NET process) and serves the iris model the stack trained.
#   start_bare_dotnet LOG PORT DLL [ARGS...]   one bare process on PORT; its pid in $started
#   start_bare_chain   bench/predict/Bare (ASP.NET Core + ML.NET) on $bare_port, $bare_server, and bench/gateway/Bare
#                      (YARP, one route) in front of it on $proxy_port, $bare_proxy; returns when a predict goes through
#   wait_predicts PORT until a predict through PORT answers (with the key), or stops the benchmark saying why
predict_url() { echo "http://127.0.0.1:$1/api/models/iris/predict"; }
start_bare_dotnet() {
  local model inline=(); model=$(find "$work/store/models/iris" -path "*/versions/1/model*.zip" | head -1)
  case $3 in bench/predict/*) inline=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1) ;; esac
  # shellcheck disable=SC2086 # SETTINGS: "Key=value ..."
  env "${inline[@]}" ${SETTINGS:-} Model="$model" ASPNETCORE_URLS="http://127.0.0.1:$2" \
    dotnet "$root/$3" "${@:4}" >"$work/$1.log" 2>&1 & pids+=($!); started=$!
}
wait_predicts() {
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "${json[@]}" -H "X-Api-Key: $key" -d "$(lua_body)" "$(predict_url "$1")" 2>/dev/null && return; sleep 0.2; done
  curl -fsS -o /dev/null "${json[@]}" -H "X-Api-Key: $key" -d "$(lua_body)" "$(predict_url "$1")"
}
start_bare_chain() {
  start_bare_dotnet bare-server "$bare_port" bench/predict/Bare/bin/Release/net10.0/Bare.dll; bare_server=$started
  proxy_port=$(free_port)
  start_bare_dotnet bare-proxy "$proxy_port" bench/gateway/Bare/bin/Release/net10.0/Bare.dll "http://127.0.0.1:$bare_port"; bare_proxy=$started
  wait_predicts "$proxy_port"
}
