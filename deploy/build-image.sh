#!/usr/bin/env bash
# Builds the GraphNetworker worker image with the .NET SDK (no Dockerfile, no Docker daemon) into an
# image tarball, then verifies the tarball and, where the kernel allows it, runs the image's
# entrypoint from the extracted root filesystem.
#
#   deploy/build-image.sh [--output DIR] [--sql-server auto|on|off] [--base auto|mcr|standin]
#                         [--no-run] [--keep-work] [--quiet]
#
# Production build (what `azd deploy` does, on a machine that reaches mcr.microsoft.com):
#   dotnet publish src/GraphNetworker.Worker -c Release /t:PublishContainer -p:EnableSqlServer=true
# with the SDK's default base image for a Web SDK project, mcr.microsoft.com/dotnet/aspnet:10.0.
#
# Machines that cannot reach mcr.microsoft.com (our build machines reach NuGet, npm and Debian only):
# the SDK pulls base images only from a registry (dotnet/sdk-container-builds#583, #589), so with
# --base standin (or auto, when mcr is unreachable) this script builds a stand-in base image from
# Debian bookworm packages (the runtime-deps set: libc6, libgcc-s1, libstdc++6, libicu72, libssl3,
# zlib1g, tzdata, ca-certificates) plus this machine's own ASP.NET Core and .NET runtimes, laid out
# like the official image (/usr/share/dotnet, APP_UID=1654, ASPNETCORE_HTTP_PORTS=8080). It serves
# that image read-only on 127.0.0.1 and passes it as ContainerBaseImage, with the registry marked
# insecure (plain HTTP) through DOTNET_CONTAINER_INSECURE_REGISTRIES. Everything the SDK adds on top
# (the app layer, entrypoint, user, working directory, ports, labels) is exactly what the production
# build adds; only the base layer differs, and the image label org.opencontainers.image.base.name
# records which base was used. A stand-in image is for proving the build, never for deployment.
#
# SQL Server provider: the production image is built with -p:EnableSqlServer=true. Its client
# packages cannot be restored on our build machines, so with --sql-server auto the script tries a
# restore with the switch and, if that fails (or the provider project does not exist yet), builds
# without it and says so in the summary. --sql-server on makes that a hard failure.
#
# Outputs (default DIR: artifacts/container): graphnetworker.tar (the image: an OCI-layout tar; the SDK
# writes it uncompressed whatever the extension, its layers are gzip blobs inside), verify.json (what was
# checked), summary.txt. Exit code 0 only if the build and every check passed.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
project="$repo_root/src/GraphNetworker.Worker"
oci="$script_dir/tools/oci.py"

output="$repo_root/artifacts/container"
sql_mode=auto
base_mode=auto
run_check=1
keep_work=0
quiet=0

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --output) output=$2; shift 2 ;;
    --output=*) output=${1#*=}; shift ;;
    --sql-server) sql_mode=$2; shift 2 ;;
    --sql-server=*) sql_mode=${1#*=}; shift ;;
    --base) base_mode=$2; shift 2 ;;
    --base=*) base_mode=${1#*=}; shift ;;
    --no-run) run_check=0; shift ;;
    --keep-work) keep_work=1; shift ;;
    --quiet) quiet=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-image.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
  esac
done
case "$sql_mode" in auto|on|off) ;; *) echo "build-image.sh: --sql-server must be auto, on or off" >&2; exit 64 ;; esac
case "$base_mode" in auto|mcr|standin) ;; *) echo "build-image.sh: --base must be auto, mcr or standin" >&2; exit 64 ;; esac

log() { printf '[build-image] %s\n' "$*" >&2; }
die() { printf '[build-image] ERROR: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet is not on PATH"
command -v python3 >/dev/null || die "python3 is needed for the OCI helper (deploy/tools/oci.py)"
[ -d "$project" ] || die "worker project not found at $project"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$output"
output=$(cd "$output" && pwd)
image_tar="$output/graphnetworker.tar"
work=$(mktemp -d "${TMPDIR:-/tmp}/gn-image.XXXXXX")
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
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

# --- 2. SQL Server provider switch ----------------------------------------------------------------
sql_props=()
sql_state=off
if [ "$sql_mode" != off ]; then
  if ! ls "$repo_root"/src/GraphNetworker.Store.SqlServer/*.csproj >/dev/null 2>&1; then
    [ "$sql_mode" = on ] && die "--sql-server on, but src/GraphNetworker.Store.SqlServer does not exist"
    notes+=("built WITHOUT -p:EnableSqlServer=true: src/GraphNetworker.Store.SqlServer does not exist in this checkout")
  else
    log "probing a restore with -p:EnableSqlServer=true"
    if dotnet restore "$project" -p:EnableSqlServer=true --artifacts-path "$work/artifacts" >"$work/restore-sqlserver.log" 2>&1; then
      sql_props=(-p:EnableSqlServer=true); sql_state=on
    else
      [ "$sql_mode" = on ] && { tail -n 20 "$work/restore-sqlserver.log" >&2; die "restore with -p:EnableSqlServer=true failed"; }
      notes+=("built WITHOUT -p:EnableSqlServer=true: its packages do not restore from this machine's NuGet source (the production build turns it on)")
      rm -rf "$work/artifacts"
    fi
  fi
fi
log "SQL Server provider: $sql_state"

# --- 3. Stand-in base image (cached) ---------------------------------------------------------------
base_props=()
if [ "$base_mode" = standin ]; then
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  netcore_ver=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)
  aspnet_ver=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" 2>/dev/null | sort -V | tail -n 1)
  [ -n "$aspnet_ver" ] || die "no ASP.NET Core shared runtime under $dotnet_root/shared"
  fxr_ver=$(ls "$dotnet_root/host/fxr" | sort -V | tail -n 1)
  packages=(libc6 libgcc-s1 libstdc++6 libicu72 libssl3 zlib1g tzdata ca-certificates)
  cache_root=${GRAPHNETWORKER_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/graphnetworker/standin-base}
  # Bump standin-vN when the rootfs recipe below or oci.py make-base changes.
  cache_key=$(echo "standin-v1 ${packages[*]} netcore=$netcore_ver aspnet=$aspnet_ver fxr=$fxr_ver" | sha256sum | cut -c1-16)
  base_dir="$cache_root/$cache_key"
  if [ -f "$base_dir/manifest.json" ]; then
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
    for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
    # What the packages' maintainer scripts would have produced, reduced to what a runtime needs.
    mkdir -p "$rootfs"/{etc/ssl/certs,tmp,home/app,app,usr/bin,usr/share/dotnet/host/fxr,usr/share/dotnet/shared,proc,dev,sys}
    chmod 1777 "$rootfs/tmp"
    find "$rootfs/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat >"$rootfs/etc/ssl/certs/ca-certificates.crt"
    printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\napp:x:1654:\n' >"$rootfs/etc/group"
    printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
    ln -sf /usr/share/zoneinfo/Etc/UTC "$rootfs/etc/localtime"
    chown 1654:1654 "$rootfs/home/app" 2>/dev/null || true
    # The .NET runtimes, laid out as in mcr.microsoft.com/dotnet/aspnet.
    cp -a "$dotnet_root/dotnet" "$rootfs/usr/share/dotnet/"
    cp -a "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$rootfs/usr/share/dotnet/" 2>/dev/null || true
    cp -a "$dotnet_root/host/fxr/$fxr_ver" "$rootfs/usr/share/dotnet/host/fxr/"
    mkdir -p "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
    cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore_ver" "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App/"
    cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$aspnet_ver" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
    ln -sf ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/lintian"
    mkdir -p "$base_dir.partial"
    python3 "$oci" make-base "$rootfs" "$base_dir.partial" \
      --env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --env "APP_UID=1654" \
      --env "ASPNETCORE_HTTP_PORTS=8080" \
      --env "DOTNET_RUNNING_IN_CONTAINER=true" \
      --env "DOTNET_VERSION=$netcore_ver" \
      --env "ASPNET_VERSION=$aspnet_ver" \
      --label "org.opencontainers.image.description=GraphNetworker build-proof stand-in for mcr.microsoft.com/dotnet/aspnet:10.0. Not for deployment." \
      >"$work/make-base.json"
    rm -rf "$base_dir"; mv "$base_dir.partial" "$base_dir"
    log "stand-in base image built: $(cat "$work/make-base.json")"
  fi

  python3 "$oci" serve "$base_dir" --repository dotnet/aspnet --tag 10.0 --port-file "$work/registry.port" --max-seconds 1800 &
  registry_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/registry.port" ] && break; sleep 0.1; done
  [ -s "$work/registry.port" ] || die "the local stand-in registry did not start"
  port=$(cat "$work/registry.port")
  curl -fsS --max-time 5 "http://127.0.0.1:$port/v2/" >/dev/null || die "the local stand-in registry does not answer on 127.0.0.1:$port"
  log "stand-in registry: http://127.0.0.1:$port (read-only, loopback only)"
  export DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:$port"
  base_props=(-p:ContainerBaseImage="127.0.0.1:$port/dotnet/aspnet:10.0")
fi

# --- 4. Publish the container image to a tarball -----------------------------------------------------
rm -f "$image_tar"
log "dotnet publish /t:PublishContainer -> $image_tar"
publish_started=$(date +%s)
# Same shape as `azd deploy` (Azure/azure-dev cli/azd/pkg/tools/dotnet/dotnet.go PublishContainer):
# -r linux-x64 -c Release /t:PublishContainer; azd adds ContainerRegistry/Repository/ImageTag and pushes.
if ! dotnet publish "$project" -r linux-x64 -c Release /t:PublishContainer \
      --artifacts-path "$work/artifacts" \
      -p:ContainerArchiveOutputPath="$image_tar" \
      "${base_props[@]}" "${sql_props[@]}" \
      -nologo -v:minimal >"$work/publish.log" 2>&1; then
  tail -n 40 "$work/publish.log" >&2
  die "dotnet publish /t:PublishContainer failed (full log: $work/publish.log; rerun with --keep-work to keep it)"
fi
publish_seconds=$(( $(date +%s) - publish_started ))
[ "$quiet" = 1 ] || grep -E 'warning|Pushed|Building image|archive' "$work/publish.log" | sed 's/^/  /' >&2 || true
[ -s "$image_tar" ] || die "the publish succeeded but wrote no tarball at $image_tar"

# --- 5. Verify the tarball ----------------------------------------------------------------------------
log "verifying $image_tar"
if ! python3 "$oci" verify "$image_tar" --json "$output/verify.json" \
      --expect-entrypoint "dotnet /app/graphnetworker.dll" \
      --expect-entrypoint "/app/graphnetworker" \
      --expect-workdir /app \
      --expect-port 8080/tcp \
      --expect-env ASPNETCORE_HTTP_PORTS=8080 \
      --expect-label org.opencontainers.image.created \
      --expect-label org.opencontainers.image.base.name \
      --expect-file /app/graphnetworker \
      --expect-file /app/graphnetworker.dll >"$work/verify.out"; then
  cat "$work/verify.out" >&2
  die "the image tarball failed verification (see $output/verify.json)"
fi
if command -v skopeo >/dev/null; then
  # An independent reader of the same archive: a second opinion on "is this a valid image?".
  fmt=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["format"])' "$output/verify.json")
  transport="docker-archive"; [ "$fmt" = oci-layout ] && transport="oci-archive"
  if skopeo inspect --config "$transport:$image_tar" >"$work/skopeo.json" 2>"$work/skopeo.err"; then
    log "skopeo inspect ($transport): ok"
  else
    cat "$work/skopeo.err" >&2; die "skopeo could not read the image archive"
  fi
fi

# --- 6. Run the entrypoint from the extracted image ----------------------------------------------------
run_result="skipped (--no-run)"
if [ "$run_check" = 1 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
    run_result="skipped (needs root and unshare to chroot into the image)"
  elif ! unshare --mount --pid --fork true 2>/dev/null; then
    run_result="skipped (this kernel/sandbox does not allow mount+pid namespaces)"
  else
    rootfs="$work/image-rootfs"
    python3 "$oci" extract "$image_tar" "$rootfs" >"$work/extract.json"
    mapfile -t image_env < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["env"]]' "$work/extract.json")
    image_user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["user"])' "$work/extract.json")
    mapfile -t entrypoint < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["entrypoint"]]' "$work/extract.json")
    workdir=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workingDir"])' "$work/extract.json")
    uid=${image_user%%:*}
    case "$uid" in ''|*[!0-9]*) uid=$(awk -F: -v u="$uid" '$1==u{print $3}' "$rootfs/etc/passwd") ;; esac
    [ -n "$uid" ] || die "cannot resolve the image user '$image_user' to a uid"
    mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp"
    log "running '${entrypoint[*]} --help' as uid $uid in $workdir inside the extracted image"
    set +e
    # Private mount + pid namespaces: proc, /dev and a tmpfs /tmp exist only for this process tree.
    timeout --kill-after=10 120 env -i "${image_env[@]}" HOME=/tmp GN_ROOT="$rootfs" GN_UID="$uid" GN_WD="$workdir" \
      unshare --mount --pid --fork --kill-child --mount-proc="$rootfs/proc" \
      /bin/sh -c 'mount --make-rprivate / && mount --rbind /dev "$GN_ROOT/dev" && mount -t tmpfs tmpfs "$GN_ROOT/tmp" &&
                  exec unshare --root="$GN_ROOT" --wd="$GN_WD" --setgid "$GN_UID" --setuid "$GN_UID" "$@" --help' sh "${entrypoint[@]}" \
      >"$work/run.out" 2>"$work/run.err" </dev/null
    run_rc=$?
    set -e
    if [ "$run_rc" != 0 ]; then
      sed 's/^/  stdout: /' "$work/run.out" >&2; sed 's/^/  stderr: /' "$work/run.err" >&2
      die "'${entrypoint[*]} --help' exited with $run_rc inside the image"
    fi
    run_result="ok: '${entrypoint[*]} --help' exited 0 as uid $uid; first line: $(head -n 1 "$work/run.out")"
  fi
fi

# --- 7. Summary -------------------------------------------------------------------------------------
total_seconds=$(( $(date +%s) - started ))
{
  echo "image:            $image_tar"
  python3 - "$output/verify.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
mb = r["archiveBytes"] / 1048576
print(f"format:           {r['format']} ({r['manifestMediaType']})")
print(f"size:             {mb:.1f} MiB archive (gzip layers inside), {r['layers']} layers, {r['appFiles']} files under /app")
print(f"entrypoint:       {r['entrypoint']}  user: {r['user']}  workdir: {r['workingDir']}  ports: {', '.join(r['exposedPorts'])}")
print(f"base image label: {r['labels'].get('org.opencontainers.image.base.name', '?')}")
print(f"tags:             {', '.join(t for t in r['repoTags'] if t) or '-'}")
PY
  echo "base:             $base_mode"
  echo "sql server:       $sql_state"
  echo "run check:        $run_result"
  echo "publish time:     ${publish_seconds}s (total ${total_seconds}s)"
  for n in "${notes[@]}"; do echo "note:             $n"; done
} | tee "$output/summary.txt"
