#!/usr/bin/env bash
# Builds DsApp and runs every test, unit to distributed, installing what the tests need
# (redis-server, Node's s3rver and Spectral, Chromium). Ends with the line 'N passed, N failed, N skipped' read from the results.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

require_dotnet
ensure_command redis-server # the tests start their own servers: a container would not do
ensure_node_tools
ensure_chromium

log "building"
dotnet build DsApp.sln -c Debug -nologo -v quiet -clp:ErrorsOnly

results=TestResults
rm -rf "$results"
status=0
dotnet test DsApp.Tests/DsApp.Tests.csproj -c Debug --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

trx="$results/results.trx"
[ -f "$trx" ] || fail "no test results were written (dotnet test exited $status)"
# The TRX counters are the runner's own count of what ran.
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(counter passed); failed=$(counter failed); total=$(counter total); executed=$(counter executed)
skipped=$((total - executed))
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
