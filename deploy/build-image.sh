#!/usr/bin/env bash
# Builds the GraphNetworker worker image with the .NET SDK (no Dockerfile, no Docker daemon) into an
# image tarball, then checks the tarball with skopeo and umoci and, where the kernel allows it, runs the
# image's entrypoint from its unpacked root filesystem.
#
#   deploy/build-image.sh [--output DIR] [--base auto|mcr|standin] [--no-run] [--keep-work] [--quiet]
#
# Production build (what `azd deploy` does, on a machine that reaches mcr.microsoft.com):
#   dotnet publish src/GraphNetworker.Worker -c Release /t:PublishContainer
# with the SDK's default base image for a Web SDK project, mcr.microsoft.com/dotnet/aspnet:10.0.
#
# Machines that cannot reach mcr.microsoft.com (our build machines reach NuGet, npm and Debian only):
# the SDK pulls base images only from a registry (dotnet/sdk-container-builds#583, #589), so with
# --base standin (or auto, when mcr is unreachable) this script builds a stand-in base image from
# Debian bookworm packages (the runtime-deps set: libc6, libgcc-s1, libstdc++6, libicu72, libssl3,
# zlib1g, tzdata, ca-certificates) plus this machine's own ASP.NET Core and .NET runtimes, laid out
# like the official image (/usr/share/dotnet, APP_UID=1654, ASPNETCORE_HTTP_PORTS=8080). umoci packs
# that root filesystem as an OCI image, skopeo pushes it once into a CNCF distribution registry
# (Debian's docker-registry) whose storage is cached, and from then on the registry serves it
# read-only on 127.0.0.1 as ContainerBaseImage, marked insecure (plain HTTP) through
# DOTNET_CONTAINER_INSECURE_REGISTRIES. Everything the SDK adds on top (the app layer, entrypoint,
# user, working directory, ports, labels) is exactly what the production build adds; only the base
# layer differs, and the label org.opencontainers.image.base.name records which base was used. A
# stand-in image is for proving the build, never for deployment.
#
# There is one image for every environment: it carries every store provider (SQL Server / Azure SQL,
# PostgreSQL, SQLite) and GraphNetworker:Store:Provider picks one at run time. The summary lists the
# providers found in the image.
#
# Checks, by the tools rather than by hand: `skopeo copy` from the archive into an OCI layout (every
# blob against its digest), `skopeo inspect` (manifest and config), `umoci unpack` (the layers applied
# in order with their whiteouts, each layer against its diff_id), `runc run` of the unpacked bundle
# (the entrypoint with --help, as the image's user). By hand: only that the config is linux/amd64 and
# names an entrypoint and a non-root user.
#
# Outputs (default DIR: artifacts/container):
#   graphnetworker.tar   the image (an OCI-layout tar; layers are gzip blobs inside)
#   image-inspect.json   `skopeo inspect` of it; image-config.json: `skopeo inspect --config`
#   image-files.txt      every file and link in the unpacked image, one absolute path a line
#   run.txt              what `<entrypoint> --help` printed inside the image (when the run check ran)
#   summary.txt
# Tools: dotnet, skopeo, umoci, jq; docker-registry, apt-get and dpkg-deb for the stand-in base;
# runc and root for the run check. Exit code 0 only if the build and every check passed.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
project="$repo_root/src/GraphNetworker.Worker"

output="$repo_root/artifacts/container"
base_mode=auto
run_check=1
keep_work=0
quiet=0

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --output) output=$2; shift 2 ;;
    --output=*) output=${1#*=}; shift ;;
    --base) base_mode=$2; shift 2 ;;
    --base=*) base_mode=${1#*=}; shift ;;
    --no-run) run_check=0; shift ;;
    --keep-work) keep_work=1; shift ;;
    --quiet) quiet=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-image.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
  esac
done
case "$base_mode" in auto|mcr|standin) ;; *) echo "build-image.sh: --base must be auto, mcr or standin" >&2; exit 64 ;; esac

log() { printf '[build-image] %s\n' "$*" >&2; }
die() { printf '[build-image] ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "$1 is not on PATH (Debian package: ${2:-$1}; .ci/run installs it)"; }

need dotnet dotnet-sdk
need skopeo
need umoci
need jq
[ -d "$project" ] || die "worker project not found at $project"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$output"
output=$(cd "$output" && pwd)
image_tar="$output/graphnetworker.tar"
rm -f "$output"/image-inspect.json "$output"/image-config.json "$output"/image-files.txt "$output"/run.txt "$output"/summary.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/gn-image.XXXXXX")
registry_pid=""
stop_registry() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  registry_pid=""
}
cleanup() {
  stop_registry
  if [ "$keep_work" = 1 ]; then log "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

started=$(date +%s)
notes=()
# --- 1. Which base image? -----------------------------------------------------------------------
mcr_reachable() {
  command -v curl >/dev/null || return 1
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 8 https://mcr.microsoft.com/v2/ 2>/dev/null || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}
if [ "$base_mode" = auto ]; then
  if mcr_reachable; then base_mode=mcr; else base_mode=standin
    notes+=("mcr.microsoft.com is not reachable from this machine: used a locally built stand-in base image (Debian bookworm packages + this machine's .NET runtime)")
  fi
fi
log "base image: $base_mode"

# --- 2. Stand-in base image (cached as a registry's storage) ------------------------------------------
# Starts Debian's docker-registry (the CNCF distribution registry) on a free loopback port over the
# storage folder $1; $2 = true makes it read-only. Sets registry_port and registry_pid.
start_registry() {
  local storage=$1 readonly=$2
  for _ in 1 2 3; do
    registry_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $storage
  maintenance:
    readonly:
      enabled: $readonly
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$registry_port
  secret: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
YAML
    docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 1 50); do
      curl -fsS --max-time 2 "http://127.0.0.1:$registry_port/v2/" >/dev/null 2>&1 && return 0
      kill -0 "$registry_pid" 2>/dev/null || break
      sleep 0.2
    done
    stop_registry   # the port was taken in between, or the registry failed: try another port
  done
  cat "$work/registry.log" >&2
  die "docker-registry did not start on 127.0.0.1"
}

base_props=()
if [ "$base_mode" = standin ]; then
  need docker-registry
  need curl
  need python3   # only to pick a free port
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  netcore_ver=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)
  aspnet_ver=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" 2>/dev/null | sort -V | tail -n 1)
  [ -n "$aspnet_ver" ] || die "no ASP.NET Core shared runtime under $dotnet_root/shared"
  fxr_ver=$(ls "$dotnet_root/host/fxr" | sort -V | tail -n 1)
  packages=(libc6 libgcc-s1 libstdc++6 libicu72 libssl3 zlib1g tzdata ca-certificates)
  cache_root=${GRAPHNETWORKER_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/graphnetworker/standin-base}
  # Bump standin-vN when the rootfs recipe below or the way it is packed changes.
  cache_key=$(echo "standin-v2 ${packages[*]} netcore=$netcore_ver aspnet=$aspnet_ver fxr=$fxr_ver" | sha256sum | cut -c1-16)
  base_dir="$cache_root/$cache_key"
  base_repository=dotnet/aspnet
  base_tag=10.0
  if [ -f "$base_dir/digest" ]; then
    log "stand-in base image: cached ($base_dir)"
  else
    log "building the stand-in base image (one-off; cached under $cache_root)"
    command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "apt-get and dpkg-deb are needed to build the stand-in base image"
    debs="$work/debs"; rootfs="$work/base-rootfs"
    mkdir -p "$debs" "$rootfs"
    if ! (cd "$debs" && apt-get download "${packages[@]}" >"$work/apt-download.log" 2>&1); then
      if [ "$(id -u)" = 0 ]; then
        log "apt-get download failed; refreshing the package lists once"
        apt-get update -qq >"$work/apt-update.log" 2>&1 || true
        (cd "$debs" && apt-get download "${packages[@]}" >"$work/apt-download.log" 2>&1) || { cat "$work/apt-download.log" >&2; die "could not download Debian packages for the stand-in base image"; }
      else
        cat "$work/apt-download.log" >&2; die "could not download Debian packages (run 'apt-get update' first)"
      fi
    fi
    # No tool here builds a root filesystem from a package list without running maintainer scripts in a
    # chroot, so the packages are unpacked and the few files their scripts would write are made by hand.
    for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
    mkdir -p "$rootfs"/{etc/ssl/certs,tmp,home/app,app,usr/bin,usr/share/dotnet/host/fxr,usr/share/dotnet/shared,proc,dev,sys}
    chmod 1777 "$rootfs/tmp"
    find "$rootfs/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat >"$rootfs/etc/ssl/certs/ca-certificates.crt"
    printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\napp:x:1654:\n' >"$rootfs/etc/group"
    printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
    ln -sf /usr/share/zoneinfo/Etc/UTC "$rootfs/etc/localtime"
    # The .NET runtimes, laid out as in mcr.microsoft.com/dotnet/aspnet.
    cp -a "$dotnet_root/dotnet" "$rootfs/usr/share/dotnet/"
    cp -a "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$rootfs/usr/share/dotnet/" 2>/dev/null || true
    cp -a "$dotnet_root/host/fxr/$fxr_ver" "$rootfs/usr/share/dotnet/host/fxr/"
    mkdir -p "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
    cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore_ver" "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App/"
    cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$aspnet_ver" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
    ln -sf ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/lintian"
    # Owners as in the official image: root everywhere, the app user's home its own.
    chown -R 0:0 "$rootfs" 2>/dev/null || true
    chown 1654:1654 "$rootfs/home/app" 2>/dev/null || true

    # umoci: the root filesystem as one layer of a linux/amd64 OCI image with the official image's config.
    layout="$work/base-layout"
    rootless=(); [ "$(id -u)" = 0 ] || rootless=(--rootless)
    umoci init --layout "$layout"
    umoci new --image "$layout:$base_tag"
    umoci insert "${rootless[@]}" --image "$layout:$base_tag" --history.created_by "deploy/build-image.sh stand-in base" "$rootfs" /
    umoci config --image "$layout:$base_tag" --os linux --architecture amd64 --no-history \
      --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --config.env "APP_UID=1654" \
      --config.env "ASPNETCORE_HTTP_PORTS=8080" \
      --config.env "DOTNET_RUNNING_IN_CONTAINER=true" \
      --config.env "DOTNET_VERSION=$netcore_ver" \
      --config.env "ASPNET_VERSION=$aspnet_ver" \
      --config.label "org.opencontainers.image.description=GraphNetworker build-proof stand-in for mcr.microsoft.com/dotnet/aspnet:10.0. Not for deployment."
    umoci gc --layout "$layout"

    # skopeo pushes it once into a registry whose storage folder is the cache.
    rm -rf "$base_dir.partial"; mkdir -p "$base_dir.partial/registry"
    start_registry "$base_dir.partial/registry" false
    skopeo copy --quiet --dest-tls-verify=false "oci:$layout:$base_tag" "docker://127.0.0.1:$registry_port/$base_repository:$base_tag" >"$work/skopeo-push.log" 2>&1 ||
      { cat "$work/skopeo-push.log" >&2; die "skopeo could not push the stand-in base image"; }
    skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$registry_port/$base_repository:$base_tag" >"$base_dir.partial/digest"
    stop_registry
    rm -rf "$base_dir"; mv "$base_dir.partial" "$base_dir"
    log "stand-in base image built: $(cat "$base_dir/digest")"
  fi

  start_registry "$base_dir/registry" true
  log "stand-in registry: http://127.0.0.1:$registry_port (docker-registry, read-only, loopback only)"
  export DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:$registry_port"
  base_props=(-p:ContainerBaseImage="127.0.0.1:$registry_port/$base_repository:$base_tag")
fi

# --- 3. Publish the container image to a tarball -----------------------------------------------------
rm -f "$image_tar"
log "dotnet publish /t:PublishContainer -> $image_tar"
publish_started=$(date +%s)
# Same shape as `azd deploy` (Azure/azure-dev cli/azd/pkg/tools/dotnet/dotnet.go PublishContainer):
# -r linux-x64 -c Release /t:PublishContainer; azd adds ContainerRegistry/Repository/ImageTag and pushes.
if ! dotnet publish "$project" -r linux-x64 -c Release /t:PublishContainer \
      --artifacts-path "$work/artifacts" \
      -p:ContainerArchiveOutputPath="$image_tar" \
      "${base_props[@]}" \
      -nologo -v:minimal >"$work/publish.log" 2>&1; then
  tail -n 40 "$work/publish.log" >&2
  die "dotnet publish /t:PublishContainer failed (full log: $work/publish.log; rerun with --keep-work to keep it)"
fi
publish_seconds=$(( $(date +%s) - publish_started ))
[ "$quiet" = 1 ] || grep -E 'warning|Pushed|Building image|archive' "$work/publish.log" | sed 's/^/  /' >&2 || true
[ -s "$image_tar" ] || die "the publish succeeded but wrote no tarball at $image_tar"

# --- 4. Check the tarball with skopeo and umoci -------------------------------------------------------
log "checking $image_tar"
transport=docker-archive
tar -tf "$image_tar" | grep -qx 'oci-layout' && transport=oci-archive
layout="$work/image-layout"
# Copying verifies every blob against the digest its manifest gives it.
skopeo copy --quiet "$transport:$image_tar" "oci:$layout:graphnetworker" >"$work/skopeo-copy.log" 2>&1 ||
  { cat "$work/skopeo-copy.log" >&2; die "skopeo could not read the image archive ($transport)"; }
skopeo inspect "oci:$layout:graphnetworker" >"$output/image-inspect.json"
skopeo inspect --config "oci:$layout:graphnetworker" >"$output/image-config.json"
bundle="$work/bundle"
rootless=(); [ "$(id -u)" = 0 ] || rootless=(--rootless)
umoci unpack "${rootless[@]}" --image "$layout:graphnetworker" "$bundle" >"$work/umoci-unpack.log" 2>&1 ||
  { cat "$work/umoci-unpack.log" >&2; die "umoci could not unpack the image"; }
rootfs="$bundle/rootfs"
(cd "$rootfs" && find . ! -type d -printf '/%P\n' | LC_ALL=C sort) >"$output/image-files.txt"

jq -e '.os == "linux" and .architecture == "amd64"' "$output/image-config.json" >/dev/null ||
  die "the image is not linux/amd64: $(jq -c '[.os, .architecture]' "$output/image-config.json")"
mapfile -t entrypoint < <(jq -r '.config.Entrypoint // [] | .[]' "$output/image-config.json")
[ "${#entrypoint[@]}" -gt 0 ] || die "the image config has no entrypoint"
image_user=$(jq -r '.config.User // ""' "$output/image-config.json")
case "$image_user" in ''|0|0:*|root|root:*) die "the image runs as '${image_user:-<unset: root>}', expected a non-root user" ;; esac

# --- 5. Run the entrypoint from the unpacked image ------------------------------------------------------
run_result="skipped (--no-run)"
if [ "$run_check" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    run_result="skipped (runc needs root here)"
  else
    need runc
    # umoci's bundle is an OCI runtime bundle: the image's user, environment and working directory,
    # its own namespaces and no network. runc runs `<entrypoint> --help` in it.
    jq '.process.terminal = false | .process.args += ["--help"]' "$bundle/config.json" >"$work/config.json"
    mv "$work/config.json" "$bundle/config.json"
    runc_root="$work/runc"; container_id="graphnetworker-image-check-$$"
    uid=$(jq -r '.process.user.uid' "$bundle/config.json")
    log "running '${entrypoint[*]} --help' as uid $uid with runc inside the unpacked image"
    set +e
    timeout 120 runc --root "$runc_root" run --bundle "$bundle" "$container_id" >"$work/run.out" 2>"$work/run.err" </dev/null
    run_rc=$?
    set -e
    runc --root "$runc_root" delete --force "$container_id" >/dev/null 2>&1 || true
    cp "$work/run.out" "$output/run.txt"
    if [ "$run_rc" != 0 ]; then
      sed 's/^/  stdout: /' "$work/run.out" >&2; sed 's/^/  stderr: /' "$work/run.err" >&2
      die "'${entrypoint[*]} --help' exited with $run_rc inside the image (runc)"
    fi
    run_result="ok: '${entrypoint[*]} --help' exited 0 as uid $uid (runc); first line: $(head -n 1 "$work/run.out")"
  fi
fi

# --- 6. Summary -------------------------------------------------------------------------------------
# The store providers the image carries, by their EF Core assemblies under /app.
providers() {
  local list="" entry
  for entry in "SQL Server:Microsoft.EntityFrameworkCore.SqlServer.dll" "PostgreSQL:Npgsql.EntityFrameworkCore.PostgreSQL.dll" "SQLite:Microsoft.EntityFrameworkCore.Sqlite.dll"; do
    if grep -qx "/app/${entry#*:}" "$output/image-files.txt"; then list+="${list:+, }${entry%%:*}"; fi
  done
  echo "${list:-none}"
}
total_seconds=$(( $(date +%s) - started ))
{
  echo "image:            $image_tar"
  echo "format:           $transport, $(jq -r '.Layers | length' "$output/image-inspect.json") layers, digest $(jq -r '.Digest' "$output/image-inspect.json")"
  echo "size:             $(du -m "$image_tar" | cut -f1) MiB archive, $(grep -c '^/app/' "$output/image-files.txt") files under /app, $(wc -l <"$output/image-files.txt") in the image"
  echo "entrypoint:       $(jq -c '.config.Entrypoint' "$output/image-config.json")  user: $image_user  workdir: $(jq -r '.config.WorkingDir // "/"' "$output/image-config.json")  ports: $(jq -r '.config.ExposedPorts // {} | keys | join(", ")' "$output/image-config.json")"
  echo "base image label: $(jq -r '.config.Labels["org.opencontainers.image.base.name"] // "?"' "$output/image-config.json")"
  echo "base:             $base_mode"
  echo "store providers:  $(providers)"
  echo "run check:        $run_result"
  echo "publish time:     ${publish_seconds}s (total ${total_seconds}s)"
  for n in "${notes[@]}"; do echo "note:             $n"; done
} | tee "$output/summary.txt"
