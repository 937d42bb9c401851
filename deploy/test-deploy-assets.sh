#!/usr/bin/env bash
# Validates the deployment scripts and their static contract without Azure. The Bicep itself is compiled,
# linted and checked as ARM JSON by the real Bicep compiler in tests/GraphNetworker.Deployment.Tests.
#   - JSON files parse; azure.yaml has the required keys; the scripts name the same Graph permissions
#     (deploy/tools/check_assets.py);
#   - every shell script passes `bash -n` and, if installed, shellcheck (.ci/run installs it);
#   - PowerShell scripts parse, if `pwsh` is available (it is not packaged by Debian, so usually skipped);
#   - the hook and the grant script behave on their offline paths (dry run, argument validation), and the
#     grant script end to end against an offline Microsoft Graph (deploy/tools/fake_az.py);
#   - deploy/build-image.sh builds the container image to a tarball and checks it (skip with
#     --skip-image or GRAPHNETWORKER_SKIP_IMAGE_BUILD=1).
# Last line: "N passed, N failed" (skips are listed, not counted). Exit code non-zero on any failure.
#
#   deploy/test-deploy-assets.sh [--skip-image]
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
skip_image=${GRAPHNETWORKER_SKIP_IMAGE_BUILD:-0}
for a in "$@"; do
  case "$a" in
    --skip-image) skip_image=1 ;;
    *) echo "test-deploy-assets.sh: unknown argument $a" >&2; exit 64 ;;
  esac
done

passed=0; failed=0; skipped=()
ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/      /'; }
skip() { skipped+=("$1"); printf 'skip  %s\n' "$1"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gn-deploy-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- 1. Static checks (JSON, azure.yaml, the scripts' Graph permissions) -----------------------------
if command -v python3 >/dev/null; then
  if out=$(python3 deploy/tools/check_assets.py "$root" 2>&1); then
    ok "static checks: $(tail -n 1 <<<"$out")"
  else
    bad "static checks: $(tail -n 1 <<<"$out")" "$(grep '^FAIL' <<<"$out")"
  fi
else
  bad "static checks need python3"
fi

# --- 2. Shell scripts ------------------------------------------------------------------------------------
mapfile -t shell_scripts < <(ls deploy/*.sh)
for s in "${shell_scripts[@]}"; do
  if out=$(bash -n "$s" 2>&1); then ok "bash -n $s"; else bad "bash -n $s" "$out"; fi
done
if command -v shellcheck >/dev/null; then
  for s in "${shell_scripts[@]}"; do
    if out=$(shellcheck -S warning -x "$s" 2>&1); then ok "shellcheck $s"; else bad "shellcheck $s" "$out"; fi
  done
else
  skip "shellcheck (not installed: apt-get install shellcheck)"
fi

# --- 3. PowerShell scripts ---------------------------------------------------------------------------------
if command -v pwsh >/dev/null; then
  for s in deploy/*.ps1; do
    # shellcheck disable=SC2016 # $errs etc. are PowerShell variables
    if out=$(pwsh -NoProfile -NonInteractive -Command '$errs = $null; [void][System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$null, [ref]$errs); if ($errs) { $errs | ForEach-Object { $_.ToString() }; exit 1 }' "$s" 2>&1); then
      ok "pwsh parses $s"
    else
      bad "pwsh parses $s" "$out"
    fi
  done
else
  skip "PowerShell parse of deploy/*.ps1 (pwsh is not installed; Debian does not package it)"
fi

# --- 4. Offline behaviour of the scripts ----------------------------------------------------------------
fake_env=(AZURE_SQL_SERVER_FQDN=sql-test.database.windows.net AZURE_SQL_SERVER_NAME=sql-test AZURE_SQL_DATABASE_NAME=graphnetworker
          AZURE_RESOURCE_GROUP=rg-test AZURE_WORKER_IDENTITY_NAME=id-worker-test
          AZURE_WORKER_IDENTITY_CLIENT_ID=11111111-1111-1111-1111-111111111111
          AZURE_WORKER_IDENTITY_PRINCIPAL_ID=22222222-2222-2222-2222-222222222222 SERVICE_WORKER_RESOURCE_EXISTS=true)
out=$(env "${fake_env[@]}" DRY_RUN=true PATH="/usr/bin:/bin" bash deploy/postprovision.sh 2>&1)
if grep -q "FROM EXTERNAL PROVIDER" <<<"$out" && grep -q "db_ddladmin" <<<"$out" && grep -q "WorkerName=id-worker-test" <<<"$out"; then
  ok "postprovision.sh dry run prints the contained-user T-SQL"
else
  bad "postprovision.sh dry run prints the contained-user T-SQL" "$out"
fi
out=$(env "${fake_env[@]}" DRY_RUN=true GRAPHNETWORKER_SQL_DDL=false PATH="/usr/bin:/bin" bash deploy/postprovision.sh 2>&1)
if grep -q "GrantDdl=0" <<<"$out"; then ok "postprovision.sh honours GRAPHNETWORKER_SQL_DDL=false"; else bad "postprovision.sh honours GRAPHNETWORKER_SQL_DDL=false" "$out"; fi
if out=$(env -u AZURE_SQL_SERVER_FQDN PATH="/usr/bin:/bin" bash deploy/postprovision.sh 2>&1); then
  bad "postprovision.sh refuses to run without the azd outputs" "$out"
else
  ok "postprovision.sh refuses to run without the azd outputs"
fi
if bash deploy/grant-graph-permissions.sh --help >/dev/null 2>&1; then ok "grant-graph-permissions.sh --help"; else bad "grant-graph-permissions.sh --help"; fi
if out=$(bash deploy/grant-graph-permissions.sh --mode managed-identity --principal-id not-a-guid 2>&1); then
  bad "grant-graph-permissions.sh rejects a malformed principal id" "$out"
else
  grep -q "principal" <<<"$out" && ok "grant-graph-permissions.sh rejects a malformed principal id" || bad "grant-graph-permissions.sh rejects a malformed principal id" "$out"
fi
if out=$(bash deploy/grant-graph-permissions.sh --mode nonsense 2>&1); then bad "grant-graph-permissions.sh rejects an unknown mode" "$out"; else ok "grant-graph-permissions.sh rejects an unknown mode"; fi
if bash deploy/remove.sh --help >/dev/null 2>&1; then ok "remove.sh --help"; else bad "remove.sh --help"; fi

# --- 5. The Graph grant against an offline Microsoft Graph (deploy/tools/fake_az.py) ---------------------
# Exercises the real script end to end: role ids looked up by value, idempotence, Exchange-scoping
# removal, dry run, revoke, and the app-registration path. Needs python3 with jmespath (the Azure CLI's
# query library); without it this part is skipped.
if python3 -c 'import jmespath' 2>/dev/null; then
  fake="$work/fake-az"; mkdir -p "$fake/bin"
  printf '#!/bin/sh\nexec python3 %s "$@"\n' "$root/deploy/tools/fake_az.py" >"$fake/bin/az"; chmod +x "$fake/bin/az"
  mi=22222222-2222-2222-2222-222222222222
  grant() { : >"$fake/log"; FAKE_AZ_STATE="$fake/state.json" FAKE_AZ_LOG="$fake/log" PATH="$fake/bin:$PATH" \
              bash deploy/grant-graph-permissions.sh "$@" >"$fake/out" 2>&1; grant_rc=$?; }
  writes() { grep -c "^$1 " "$fake/log" || true; }
  roles_held() { python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(" ".join(sorted(a["appRoleId"][:8] for a in s["assignments"] if a["principalId"]==sys.argv[2])))' "$fake/state.json" "$1"; }
  # shellcheck disable=SC2034 # used inside the expect conditions
  six="40f97065 44e666d1 693c5e45 98830695 df021288 ef54d2bf"
  # shellcheck disable=SC2034 # used inside the expect conditions
  three="44e666d1 98830695 df021288"
  # shellcheck disable=SC2034 # used inside the expect conditions
  three_teams="44e666d1 45bbb07e 98830695 b2e060da df021288"
  expect() { # description, condition
    if [ "$grant_rc" = 0 ] && eval "$2"; then ok "grant (offline Graph): $1"; else bad "grant (offline Graph): $1" "$(cat "$fake/out" "$fake/log")"; fi
  }
  grant --mode managed-identity --principal-id $mi --dry-run
  expect "dry run writes nothing" '[ "$(writes POST)$(writes DELETE)" = 00 ] && [ ! -s "$fake/log" ]'
  grant --mode managed-identity --principal-id $mi
  expect "grants the six app roles, resolved by value" '[ "$(writes POST)" = 6 ] && [ "$(roles_held $mi)" = "$six" ]'
  grant --mode managed-identity --principal-id $mi
  expect "re-running changes nothing" '[ ! -s "$fake/log" ]'
  grant --mode managed-identity --principal-id $mi --exchange-scoping
  expect "--exchange-scoping removes the three mailbox roles" '[ "$(writes DELETE)" = 3 ] && [ "$(writes POST)" = 0 ] && [ "$(roles_held $mi)" = "$three" ]'
  grant --mode managed-identity --principal-id $mi --exchange-scoping
  expect "--exchange-scoping is idempotent" '[ ! -s "$fake/log" ]'
  grant --mode managed-identity --principal-id $mi --exchange-scoping --teams
  expect "--teams adds Chat.ReadBasic.All and CallRecords.Read.All" '[ "$(writes POST)" = 2 ] && [ "$(writes DELETE)" = 0 ] && [ "$(roles_held $mi)" = "$three_teams" ]'
  grant --mode managed-identity --principal-id $mi --exchange-scoping --teams-chat-read-all
  expect "--teams-chat-read-all swaps Chat.ReadBasic.All for Chat.Read.All" '[ "$(writes POST)" = 1 ] && [ "$(writes DELETE)" = 1 ]'
  grant --mode managed-identity --principal-id $mi --revoke
  expect "--revoke removes the rest, Teams included" '[ "$(writes DELETE)" = 5 ] && [ -z "$(roles_held $mi)" ]'
  grant --mode app-registration --federated-identity-principal-id $mi
  expect "app registration: created with its service principal and a federated credential, no direct grants" \
    '[ "$(writes POST)" = 3 ] && grep -q "adminconsent?client_id=" "$fake/out" && python3 -c "import json,sys; s=json.load(open(sys.argv[1])); a=s[\"applications\"][0]; assert len(a[\"requiredResourceAccess\"][0][\"resourceAccess\"])==6 and s[\"fics\"][0][\"subject\"]==sys.argv[2] and s[\"fics\"][0][\"audiences\"]==[\"api://AzureADTokenExchange\"]" "$fake/state.json" $mi'
  grant --mode app-registration --federated-identity-principal-id $mi
  expect "app registration: re-running changes nothing" '[ ! -s "$fake/log" ]'
  grant --mode app-registration --exchange-scoping
  expect "app registration: --exchange-scoping narrows requiredResourceAccess to three" \
    '[ "$(writes PATCH)" = 1 ] && python3 -c "import json,sys; s=json.load(open(sys.argv[1])); assert len(s[\"applications\"][0][\"requiredResourceAccess\"][0][\"resourceAccess\"])==3" "$fake/state.json"'
  grant --mode app-registration --revoke
  expect "app registration: --revoke deletes it" '[ "$(writes DELETE)" = 1 ]'
else
  skip "grant script against an offline Graph (python3 jmespath not installed)"
fi

# --- 6. The container image ------------------------------------------------------------------------------
if [ "$skip_image" = 1 ]; then
  skip "container image build (--skip-image)"
else
  if bash deploy/build-image.sh --output "$work/image" --quiet >"$work/build-image.log" 2>&1; then
    ok "build-image.sh: $(grep -E '^size:' "$work/image/summary.txt" | sed 's/^size: *//')"
    grep -E '^(base|store providers|run check|publish time|note):' "$work/image/summary.txt" | sed 's/^/      /'
  else
    bad "build-image.sh builds and checks the image tarball" "$(tail -n 30 "$work/build-image.log")"
  fi
fi

[ "${#skipped[@]}" -gt 0 ] && printf 'skipped: %s\n' "${#skipped[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
