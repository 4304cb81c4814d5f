#!/usr/bin/env bash
# Starts the whole DsApp stack: the gateway at http://localhost:8080, the Aspire dashboard at
# http://localhost:18888. Installs what is missing first. Ctrl-C or SIGTERM stops every process it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

case "$(uname -s)" in
  Linux) ;;
  *) fail "run.sh supports Linux. Elsewhere: install the .NET SDK 10 and Redis (or Docker), then: dotnet run --project DsApp.AppHost" ;;
esac

require_dotnet
ensure_redis

for port in 8080 18888 18889; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use (another DsApp running?); stop that first."
  fi
done

started=$SECONDS
log "building"
dotnet build DsApp.sln -c Debug -nologo -v quiet -clp:ErrorsOnly

# The gateway's admin key: DSAPP_ADMIN_KEY when set, else one made for this run (printed once ready).
if [ -n "${DSAPP_ADMIN_KEY:-}" ]; then
  admin_key=$DSAPP_ADMIN_KEY
  admin_key_origin="the key in DSAPP_ADMIN_KEY (sha256 $(printf %s "$admin_key" | sha256sum | cut -c1-12)…)"
else
  admin_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  admin_key_origin="$admin_key (made for this run; set DSAPP_ADMIN_KEY to choose one)"
fi
export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
  ASPNETCORE_URLS=http://localhost:18888 \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889 \
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

# Its own session: terminal signals reach only this script, which stops the AppHost with SIGTERM.
# Its output is also kept in .data/apphost.log, where the dashboard's login link is read from.
mkdir -p .data
apphost_log=.data/apphost.log
setsid env "Parameters__admin-key=$admin_key" DsApp.AppHost/bin/Debug/net10.0/DsApp.AppHost > >(tee "$apphost_log") 2>&1 &
apphost=$!

# The AppHost's processes, and DCP's: DCP detaches itself, then stops the services it started
# once the AppHost it monitors is gone.
owned_processes() {
  local roots
  roots="$apphost $(pgrep -f -- "--monitor $apphost( |$)" | tr '\n' ' ')"
  ps -eo pid=,ppid= | awk -v roots="$roots" '
    { parent[$1] = $2 }
    END {
      n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1
      do { added = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; added = 1 } } while (added)
      for (p in keep) print p
    }'
}

stop() {
  trap - INT TERM
  log "stopping"
  local pids
  pids=$(owned_processes)
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  for _ in $(seq 1 80); do
    pids=$(for p in $pids; do kill -0 "$p" 2>/dev/null && echo "$p"; done || true)
    [ -z "$pids" ] && break
    sleep 0.5
  done
  if [ -n "$pids" ]; then
    log "forcing $(echo "$pids" | wc -w) processes to stop"
    kill -KILL $pids 2>/dev/null || true
  fi
  log "stopped"
  exit 0
}
trap stop INT TERM

until curl -sf -o /dev/null http://localhost:8080/health; do
  kill -0 "$apphost" 2>/dev/null || { wait "$apphost"; fail "the AppHost stopped before the gateway was ready (see above)"; }
  sleep 0.5
done
log "ready in $((SECONDS - started)) s"
log "  gateway:   http://localhost:8080  (API reference at /; try: curl http://localhost:8080/info)"
log "  admin key: $admin_key_origin"
log "             curl -H \"X-Api-Key: \$KEY\" http://localhost:8080/api/models"
log "  dashboard: $(grep -o 'http://localhost:18888/login?t=[0-9a-f]*' "$apphost_log" | tail -n 1)"
log "Ctrl-C stops everything."
wait "$apphost" || true
stop
