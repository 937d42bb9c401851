#!/usr/bin/env bash
# Removes GraphNetworker from a tenant and a subscription, in the safe order:
#   1. Microsoft Graph permissions of the worker identity (or the app registration), so nothing can
#      read mailboxes any more, even before the Azure resources are gone.
#   2. Exchange Online RBAC scoping (prints the PowerShell command: Exchange has no REST/CLI path).
#   3. The Azure resources, including the database with everything GraphNetworker stored:
#      `azd down --purge --force` (purge: soft-deleted resources are deleted for good).
# To Do tasks and tentative calendar holds already written into users' mailboxes stay there: they
# belong to the users. The worker's own purge command removes them per user before step 3 if wanted.
#
#   deploy/remove.sh [--dry-run] [--yes] [--app-registration] [--keep-resources]
#
# Needs: Privileged Role Administrator (step 1), Exchange Administrator (step 2), and Owner or
# Contributor on the subscription/resource group (step 3). Reads the azd environment for ids.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dry_run=0; yes=0; app_registration=0; keep_resources=0
for a in "$@"; do
  case "$a" in
    --dry-run) dry_run=1 ;;
    --yes) yes=1 ;;
    --app-registration) app_registration=1 ;;
    --keep-resources) keep_resources=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "remove.sh: unknown argument $a" >&2; exit 64 ;;
  esac
done
log() { printf '[remove] %s\n' "$*" >&2; }
run() { if [ "$dry_run" = 1 ]; then log "would run: $*"; else log "running: $*"; "$@"; fi; }

if command -v azd >/dev/null 2>&1; then
  while IFS= read -r line; do
    key=${line%%=*}; value=${line#*=}; value=${value#\"}; value=${value%\"}
    case "$key" in AZURE_*|GRAPHNETWORKER_*) [ -z "${!key:-}" ] && export "$key=$value" ;; esac
  done < <(azd env get-values 2>/dev/null || true)
fi

if [ "$dry_run" = 0 ] && [ "$yes" = 0 ]; then
  printf 'This removes GraphNetworker, its Graph permissions and ALL its data (resource group %s). Type "remove" to continue: ' "${AZURE_RESOURCE_GROUP:-?}" >&2
  read -r answer
  [ "$answer" = remove ] || { log "cancelled"; exit 1; }
fi

flags=(); [ "$dry_run" = 1 ] && flags+=(--dry-run)

# 1. Graph permissions.
if [ "$app_registration" = 1 ]; then
  run bash "$script_dir/grant-graph-permissions.sh" --mode app-registration --revoke "${flags[@]}"
elif [ -n "${AZURE_WORKER_IDENTITY_PRINCIPAL_ID:-}" ]; then
  run bash "$script_dir/grant-graph-permissions.sh" --mode managed-identity --principal-id "$AZURE_WORKER_IDENTITY_PRINCIPAL_ID" --revoke "${flags[@]}"
else
  log "AZURE_WORKER_IDENTITY_PRINCIPAL_ID unknown: revoke the Graph app roles in the Entra admin center (Enterprise applications > the identity > Permissions)"
fi

# 2. Exchange Online RBAC for Applications (only if it was configured).
log "If you scoped mailboxes with Exchange RBAC, an Exchange Administrator runs (PowerShell):"
log "  ./deploy/scope-mailboxes.ps1 -AppId ${AZURE_WORKER_IDENTITY_CLIENT_ID:-<client id>} -ServicePrincipalObjectId ${AZURE_WORKER_IDENTITY_PRINCIPAL_ID:-<object id>} -OptInGroup ${GRAPHNETWORKER_OPT_IN_GROUP_ID:-<group>} -Remove"

# 3. Azure resources and all stored data.
if [ "$keep_resources" = 1 ]; then
  log "--keep-resources: Azure resources left in place"
else
  command -v azd >/dev/null 2>&1 || { log "azd not found: delete resource group ${AZURE_RESOURCE_GROUP:-<rg>} instead"; exit 1; }
  run azd down --purge --force
fi
log "Also remove, if you created them: the opt-in group, and the app registration if one was used (--app-registration)."
