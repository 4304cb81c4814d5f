#!/usr/bin/env bash
# Builds DsApp and runs every test, unit to distributed, installing what the tests need
# (redis-server, Node's s3rver and Spectral, Chromium), in every test project. Ends with the line 'N passed, N failed, N skipped' read from the results.
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
# Every test project, the pure one first (it takes seconds); arguments (e.g. --filter) go to each.
for project in DsApp.Tests.Unit/DsApp.Tests.Unit.csproj DsApp.Tests/DsApp.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "testing $name"
  dotnet test "$project" -c Debug --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=$?
  [ -f "$results/$name.trx" ] || fail "no test results were written for $name (dotnet test exited $status)"
done

# The TRX counters are the runner's own count of what ran, summed over the projects.
counter() {
  local sum=0 n
  for n in $(cat "$results"/*.trx | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); do sum=$((sum + n)); done
  echo "$sum"
}
passed=$(counter passed); failed=$(counter failed); total=$(counter total); executed=$(counter executed)
skipped=$((total - executed))
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
