#!/usr/bin/env bash
# Local rehearsal of the Elastic Beanstalk deployment, with no internet and no Docker engine:
#  1. a base image made from Debian packages (debootstrap) with this machine's .NET runtime copied in,
#     and a Redis image made the same way, served by Debian's docker-registry on 127.0.0.1:5000;
#  2. the three service images built by the .NET SDK (dotnet publish -t:PublishContainer) on that base;
#  3. the bundle written by the AppHost's publish step (the same command as for AWS);
#  4. its docker-compose.yml run by podman-compose with a .env made from its environment properties,
#     as Elastic Beanstalk would, Redis standing in for ElastiCache and s3rver on the host for S3;
#  5. checks through the published port 80: /health, /info, /api/datasets, a sample, trainings with light-gbm and
#     auto (LightGBM and its OpenMP runtime on a base that, like the official image, has no libgomp1), a prediction;
#  6. everything torn down (also on failure). Ends with 'rehearsal: N passed, N failed, N skipped'.
# Root (or sudo) is needed: apt, debootstrap, chroot and podman's bridge network. Work folder: $DSAPP_REHEARSAL_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/prerequisites.sh
require_dotnet

work=${DSAPP_REHEARSAL_DIR:-/tmp/dsapp-rehearsal}
registry=localhost:5000
subnet_prefix=10.89.77            # the compose network, created here so the host's address is known
host_ip=$subnet_prefix.1
project=dsapp-rehearsal
started=$SECONDS
passed=0; failed=0; skipped=0
pass() { passed=$((passed + 1)); log "PASS $*"; }
failure() { failed=$((failed + 1)); log "FAIL $*"; }
skip() { skipped=$((skipped + 1)); log "SKIP $*"; }
# No request may hang the rehearsal.
curl() { command curl --max-time 60 "$@"; }

[ "$(id -u)" -eq 0 ] || fail "run as root: debootstrap, chroot and podman's bridge network need it."
missing=()
for tool in podman podman-compose docker-registry debootstrap runc; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
# Service names as host names on the compose network (podman 4.3 with CNI needs this plugin).
[ -x /usr/lib/cni/dnsname ] || missing+=(golang-github-containernetworking-plugin-dnsname)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
ensure_s3rver
for port in 80 5000; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is in use; the rehearsal needs it."; fi
done

# A fresh object store every run (a sample from an earlier run would answer 409); images and bases stay.
rm -rf "$work/s3" "$work/publish"
# The base stays as minimal as the official image: one made with libgomp1 (an earlier version of this script) is made again.
if compgen -G "$work/rootfs-base/usr/lib/x86_64-linux-gnu/libgomp.so*" >/dev/null; then rm -f "$work/rootfs-base/.done"; fi
mkdir -p "$work"/{containers,storage,run,registry,logs,s3,publish}
# podman's own configuration, nothing shared with the machine's (measured on the project's Debian 12 machines):
# crun fails here on cgroups/rlimits, runc with no default ulimits works.
cat > "$work/containers/containers.conf" <<CONF
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
cat > "$work/containers/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$work/storage"
runroot = "$work/run"
CONF
cat > "$work/containers/registries.conf" <<CONF
unqualified-search-registries = []
[[registry]]
location = "$registry"
insecure = true
CONF
export CONTAINERS_CONF=$work/containers/containers.conf
export CONTAINERS_STORAGE_CONF=$work/containers/storage.conf
export CONTAINERS_REGISTRIES_CONF=$work/containers/registries.conf

registry_pid=""; s3rver_pid=""; compose_up=""
teardown() {
  local status=$?
  log "tearing down"
  if [ -n "$compose_up" ]; then
    (cd "$work/publish/eb-bundle" && podman-compose -p "$project" down >/dev/null 2>&1) || true
  fi
  podman rm -f "$project-cache" >/dev/null 2>&1 || true
  podman network rm -f "${project}_default" >/dev/null 2>&1 || true
  [ -n "$s3rver_pid" ] && kill "$s3rver_pid" 2>/dev/null || true
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  log "rehearsal took $((SECONDS - started)) s"
  echo "rehearsal: $passed passed, $failed failed, $skipped skipped"
  [ "$status" -ne 0 ] && exit "$status"
  [ "$failed" -eq 0 ]
}
trap teardown EXIT

log "local registry on 127.0.0.1:5000 (Debian's docker-registry)"
cat > "$work/registry.yml" <<CONF
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:5000
CONF
docker-registry serve "$work/registry.yml" > "$work/logs/registry.log" 2>&1 &
registry_pid=$!
until curl -sf -o /dev/null http://127.0.0.1:5000/v2/; do sleep 0.2; done

mirror=$(grep -hoP '^URIs:\s*\K\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
mirror=${mirror:-$(grep -hoP '^deb\s+\K\S+' /etc/apt/sources.list 2>/dev/null | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}

# A root file system from Debian packages, with the user 'app' (uid 1654, as in Microsoft's images). The base has what
# the official image has (C and C++ runtimes, ICU, OpenSSL, CA certificates, time zones) and no more: no libgomp1.
make_rootfs() { # folder, extra packages
  local rootfs=$1 extra=$2
  if [ ! -f "$rootfs/.done" ]; then
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include="libssl3,libicu72,ca-certificates,tzdata$extra" bookworm "$rootfs" "$mirror" > "$work/logs/$(basename "$rootfs").log" 2>&1
    chroot "$rootfs" useradd --uid 1654 --user-group --create-home app
    rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc "$rootfs"/usr/share/man
    touch "$rootfs/.done"
  fi
}

image_exists() { curl -sf -o /dev/null "http://127.0.0.1:5000/v2/$1/manifests/$2"; }

if ! image_exists dsapp/base bookworm-minimal; then
  log "base image: debootstrap bookworm + the .NET runtime of this machine"
  make_rootfs "$work/rootfs-base" ""
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  mkdir -p "$work/rootfs-base/usr/share/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$work/rootfs-base/usr/share/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$work/rootfs-base/usr/share/dotnet/shared/"
  ln -sf /usr/share/dotnet/dotnet "$work/rootfs-base/usr/bin/dotnet"
  tar -C "$work/rootfs-base" --exclude=./.done -c . | podman import \
    --change "ENV DOTNET_ROOT=/usr/share/dotnet" --change "USER 1654" --change "WORKDIR /app" - $registry/dsapp/base:bookworm-minimal >/dev/null
  podman push --format v2s2 --tls-verify=false $registry/dsapp/base:bookworm-minimal >/dev/null
fi
if ! image_exists dsapp/redis 7; then
  log "Redis image: debootstrap bookworm + redis-server"
  make_rootfs "$work/rootfs-redis" ",redis-server"
  tar -C "$work/rootfs-redis" --exclude=./.done -c . | podman import --change "USER 1654" \
    --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no"]' \
    - $registry/dsapp/redis:7 >/dev/null
  podman push --format v2s2 --tls-verify=false $registry/dsapp/redis:7 >/dev/null
fi
pass "base and Redis images in the local registry"

log "service images: dotnet publish -t:PublishContainer on the Debian base"
commit=$(git rev-parse --short=12 HEAD)
version=$(dotnet msbuild DsApp.Api -nologo -getProperty:Version)
tag="$version-$commit"
clean=$([ -z "$(git status --porcelain --untracked-files=no)" ] && echo 1 || true)
for project_file in DsApp.Ingest DsApp.ModelWorker DsApp.Api; do
  # The tag names the commit: from a clean tree, an image already pushed with it is this source.
  repository=dsapp-$(echo "${project_file#DsApp.}" | tr '[:upper:]' '[:lower:]')
  if [ -n "$clean" ] && image_exists "$repository" "$tag"; then log "$repository:$tag already built"; continue; fi
  dotnet publish "$project_file" -c Release -t:PublishContainer -nologo -v q -clp:ErrorsOnly \
    -p:ContainerBaseImage=$registry/dsapp/base:bookworm-minimal -p:ContainerRegistry=$registry -p:GitCommit="$commit" \
    > "$work/logs/publish-$project_file.log" 2>&1 || { cat "$work/logs/publish-$project_file.log" >&2; fail "image of $project_file failed"; }
done
for image in dsapp-ingest dsapp-modelworker dsapp-api; do
  if image_exists "$image" "$tag"; then pass "image $image:$tag pushed"; else failure "image $image:$tag is not in the registry"; fi
done

log "bundle: the AppHost's publish step (docs/deploy.md's command, with the local registry)"
dotnet build DsApp.AppHost -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet run --project DsApp.AppHost --no-build --no-launch-profile -- --operation publish --step elastic-beanstalk-bundle \
  --output-path "$work/publish" --Publish:Registry=$registry --Publish:ImageTag="$tag" --Publish:Bucket=rehearsal \
  > "$work/logs/apphost-publish.log" 2>&1 || { cat "$work/logs/apphost-publish.log" >&2; fail "the publish step failed"; }
bundle=$work/publish/eb-bundle
entries=$(unzip -Z1 "$work/publish/eb-bundle.zip")   # not piped into grep -q: pipefail would see unzip's SIGPIPE
grep -qx 'docker-compose.yml' <<<"$entries" && pass "the zip has docker-compose.yml at its root" || failure "docker-compose.yml is not at the zip's root"

log "s3rver on $host_ip for the object store (S3 in AWS)"
podman network create --subnet "$subnet_prefix.0/24" --gateway "$host_ip" "${project}_default" >/dev/null
s3port=4569
"$repo/.tools/node_modules/.bin/s3rver" -d "$work/s3" -a 0.0.0.0 -p $s3port --silent --configure-bucket rehearsal > "$work/logs/s3rver.log" 2>&1 &
s3rver_pid=$!

log "Redis container for the cache (ElastiCache in AWS)"
podman run -d --name "$project-cache" --network "${project}_default" --network-alias cache $registry/dsapp/redis:7 >/dev/null

# What Elastic Beanstalk does: .env from the environment properties; then what the operator sets with eb setenv.
admin_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
python3 - "$bundle/.ebextensions/01-environment.config" > "$bundle/.env" <<'PY'
import sys, yaml
settings = yaml.safe_load(open(sys.argv[1]))["option_settings"]["aws:elasticbeanstalk:application:environment"]
for name, value in settings.items():
    print(f"{name}={'' if value is None else value}")
PY
cat >> "$bundle/.env" <<ENV
ConnectionStrings__cache=cache:6379
Storage__ServiceUrl=http://$host_ip:$s3port
Storage__ForcePathStyle=true
Storage__ConditionalWrites=false
AWS_ACCESS_KEY_ID=S3RVER
AWS_SECRET_ACCESS_KEY=S3RVER
Gateway__InternalSecret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
Gateway__ApiKeys__admin__Hash=$(printf %s "$admin_key" | sha256sum | cut -d' ' -f1)
ENV
# podman-compose reads later lines as overrides only in recent versions: keep the last of each name.
tac "$bundle/.env" | awk -F= '!seen[$1]++' | tac > "$bundle/.env.tmp" && mv "$bundle/.env.tmp" "$bundle/.env"

log "podman-compose up (the bundle's docker-compose.yml)"
export EB_LOG_BASE_DIR=$work/logs/eb
mkdir -p "$EB_LOG_BASE_DIR"/{ingest,modelworker,api}
chown -R 1654:1654 "$EB_LOG_BASE_DIR"
(cd "$bundle" && podman-compose -p "$project" up -d > "$work/logs/compose-up.log" 2>&1) || { cat "$work/logs/compose-up.log" >&2; fail "podman-compose up failed"; }
compose_up=1

gateway=http://127.0.0.1:80
ready=""
for _ in $(seq 1 120); do
  if curl -sf -m 5 -o /dev/null "$gateway/health"; then ready=1; break; fi
  sleep 1
done
if [ -n "$ready" ]; then pass "/health is 200 through port 80 ($((SECONDS - started)) s since the start)"; else
  failure "/health did not become 200 in 120 s"; curl -s -m 10 "$gateway/health" >&2 || true
  for service in ingest modelworker api; do podman logs --tail 30 "${project}_${service}_1" >&2 2>&1 || true; done
  exit 1
fi

# The base has no OpenMP runtime, as the official image: the worker's process must map the copy it ships.
worker_maps=$(podman exec "${project}_modelworker_1" sh -c \
  'ls /lib/x86_64-linux-gnu/libgomp.so* /usr/lib/x86_64-linux-gnu/libgomp.so* 2>/dev/null; grep -o "/[^ ]*libgomp[^ ]*" /proc/1/maps | sort -u' 2>&1 || true)
if [ "$worker_maps" = /app/runtimes/linux-x64/native/libgomp.so.1 ]; then
  pass "no libgomp in the worker's base; its process maps the one it ships ($worker_maps)"
else failure "libgomp in the worker's container: '$worker_maps'"; fi

info=$(curl -sf "$gateway/info") && echo "$info" | python3 -c '
import json, sys
info = json.load(sys.stdin)
assert info["environment"] == "Production", info["environment"]
assert sorted(s["name"] for s in info["services"]) == ["ingest", "modelworker"], info["services"]
assert all(s["status"] == "healthy" for s in info["services"]), info["services"]
' && pass "/info: Production, both services healthy" || failure "/info: $info"

key=(-H "X-Api-Key: $admin_key")
status=$(curl -s -o /dev/null -w '%{http_code}' "$gateway/api/datasets")
[ "$status" = 401 ] && pass "/api/datasets without a key is 401" || failure "/api/datasets without a key answered $status"
curl -sf "${key[@]}" "$gateway/api/datasets" | python3 -c 'import json,sys; assert "items" in json.load(sys.stdin)' \
  && pass "/api/datasets with the admin key is a page" || failure "/api/datasets with the admin key"

# Sample, training, prediction: endpoints other issues bring; skipped while the gateway answers 404.
sample_status=$(curl -s -o "$work/samples.json" -w '%{http_code}' "${key[@]}" "$gateway/api/samples")
if [ "$sample_status" = 404 ]; then skip "samples: /api/samples is not served yet"; else
  dataset=$(curl -s "${key[@]}" -X POST "$gateway/api/samples/iris" || true)
  if ! echo "$dataset" | grep -q '"rowCount"'; then failure "POST /api/samples/iris: $dataset"; else
    pass "sample iris uploaded to S3 (s3rver) through the gateway"
    label=$(echo "$dataset" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("label") or d["columns"][-1]["name"])')
    id=$(echo "$dataset" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    model_status=$(curl -s -o /dev/null -w '%{http_code}' "${key[@]}" -H 'Content-Type: application/json' -X POST "$gateway/api/models" \
      -d "{\"name\":\"iris-rehearsal\",\"task\":\"multiclass-classification\",\"label\":\"$label\"}")
    if [ "$model_status" = 404 ] || [ "$model_status" = 405 ]; then skip "training: POST /api/models is not served yet ($model_status)"; else
      # light-gbm needs LightGBM's native library and its OpenMP runtime; auto tries lbfgs, fast-tree and light-gbm.
      trained=0
      for trainer in light-gbm auto; do
        job=$(curl -sf "${key[@]}" -H 'Content-Type: application/json' -X POST "$gateway/api/models/iris-rehearsal/versions" \
          -d "{\"datasetId\":\"$id\",\"trainer\":\"$trainer\"}" || true)
        job_id=$(echo "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' 2>/dev/null || true)
        state=""
        for _ in $(seq 1 120); do
          [ -n "$job_id" ] || break
          state=$(curl -sf "${key[@]}" "$gateway/api/jobs/$job_id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' || true)
          case "$state" in succeeded|failed|cancelled) break ;; esac
          sleep 1
        done
        if [ "$state" = succeeded ]; then
          trained=$((trained + 1))
          pass "training with $trainer: job $job_id succeeded"
        else
          failure "training with $trainer: job '$job_id' ended '$state': $(curl -s "${key[@]}" "$gateway/api/jobs/$job_id")"
          podman logs --tail 40 "${project}_modelworker_1" > "$work/logs/modelworker-tail.log" 2>&1 || true
        fi
      done
      if [ "$trained" -gt 0 ]; then
        row=$(curl -sf "${key[@]}" "$gateway/api/datasets/$id/rows?limit=1" | python3 -c "
import json,sys
page=json.load(sys.stdin); row=dict(zip([c if isinstance(c,str) else c['name'] for c in page['columns']], page['rows'][0]))
row.pop('$label', None); print(json.dumps(row))")
        prediction=$(curl -sf "${key[@]}" -H 'Content-Type: application/json' -X POST "$gateway/api/models/iris-rehearsal/predict" -d "$row" || true)
        echo "$prediction" | grep -q '"predictions"' && pass "prediction: $prediction" || failure "prediction: '$prediction'"
      fi
    fi
  fi
fi
