# Shared by run.sh and test.sh: checks and installs what DsApp needs on a fresh machine.
# Sourced, not run. Debian/Ubuntu get what is missing through apt; other systems are told what to install.

log() { printf '\033[1;34m[dsapp]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[dsapp]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "need root to run: $* (install sudo or run as root)"; fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || fail "$1 is missing and this is not a Debian-like system: install $1 with your package manager, then run again."
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $* (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ensure_command NAME [PACKAGE...]: NAME on the PATH, else the packages (NAME's own by default) from apt.
ensure_command() {
  local name=$1; shift
  command -v "$name" >/dev/null 2>&1 && return 0
  apt_install "${@:-$name}"
  command -v "$name" >/dev/null 2>&1 || fail "$name did not install; install it by hand, then run again."
}

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK 10 is missing: see https://dot.net/download, then run again."
  dotnet --list-sdks | grep -q '^10\.' || fail "the .NET SDK 10 is missing (found: $(dotnet --list-sdks | tr '\n' ' ')); install it, then run again."
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

container_runtime_can_run_redis() {
  local runtime="${DOTNET_ASPIRE_CONTAINER_RUNTIME:-docker}"
  command -v "$runtime" >/dev/null 2>&1 || return 1
  timeout 10 "$runtime" info >/dev/null 2>&1 || return 1
  timeout 10 "$runtime" image inspect docker.io/library/redis:7.4 >/dev/null 2>&1
}

# The AppHost takes a container when it can, else redis-server from the PATH (Cache:Mode=auto).
ensure_redis() {
  local mode="${Cache__Mode:-auto}"
  [ "$mode" = "external" ] && return 0
  command -v redis-server >/dev/null 2>&1 && return 0
  if [ "$mode" = "auto" ] && container_runtime_can_run_redis; then return 0; fi
  # Debian's package may start a system-wide server; DsApp runs its own on a port of its choosing.
  ensure_command redis-server
}

ensure_node() {
  ensure_command npm nodejs npm
}

# The tests' Node tools, installed into .tools/ (ignored by git) in one npm command: npm removes from
# .tools/ whatever the command installing does not name. s3rver speaks the S3 wire protocol on
# loopback; Spectral lints the gateway's OpenAPI document.
node_tools=(s3rver@3.7.1 @stoplight/spectral-cli@6)
ensure_node_tools() {
  [ -x .tools/node_modules/.bin/s3rver ] && [ -x .tools/node_modules/.bin/spectral ] && return 0
  ensure_node
  log "installing ${node_tools[*]} (npm) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error "${node_tools[@]}" >/dev/null
}
ensure_s3rver() { ensure_node_tools; }

# Headless Chromium renders the API reference page in the tests.
ensure_chromium() {
  ensure_command chromium
}
