#!/usr/bin/env bash
# Grants GraphNetworker its Microsoft Graph application permissions with the Azure CLI (`az rest`).
# Idempotent: it reads what exists first and only adds what is missing; re-running changes nothing.
#
# Mode 1 (recommended, secretless): grant the app roles directly to the worker's managed identity.
#   deploy/grant-graph-permissions.sh --mode managed-identity --principal-id <identity object id>
#   (azd output AZURE_WORKER_IDENTITY_PRINCIPAL_ID). The app role assignment *is* the admin consent.
#
# Mode 2: an app registration (for tenants whose policy wants one). Creates or updates the
# registration "GraphNetworker" with requiredResourceAccess, creates its service principal, optionally
# adds the managed identity as a federated credential (secretless), and prints the admin consent URL.
#   deploy/grant-graph-permissions.sh --mode app-registration [--app-name GraphNetworker]
#       [--federated-identity-principal-id <identity object id>]
#   Then: azd env set GRAPHNETWORKER_GRAPH_APP_CLIENT_ID <appId> && azd provision
#
# Options:
#   --exchange-scoping  Mailbox access (Mail.ReadBasic.All, Calendars.ReadWrite, MailboxSettings.Read)
#                       is granted by Exchange Online RBAC for Applications (deploy/scope-mailboxes.ps1)
#                       instead. Entra grants and Exchange grants add up, so a tenant-wide Entra grant
#                       would make the Exchange scope pointless: these three are left out and, if an
#                       earlier run granted them, removed.
#   --teams             Also grant the optional Teams permissions: Chat.ReadBasic.All (chats, their
#                       members, when the last message was written) and CallRecords.Read.All (calls).
#                       Without them the worker reads mail and calendar only. Exchange RBAC cannot scope
#                       them; the worker reads Teams for opt-in group members only.
#   --teams-chat-read-all  As --teams, with Chat.Read.All instead of Chat.ReadBasic.All: only where `doctor`
#                       reports that the last-message preview is refused under Chat.ReadBasic.All (the
#                       preview's text is dropped unread either way).
#   --dry-run           Print what would change; change nothing (reads still need a sign-in).
#   --revoke            Remove the GraphNetworker permissions, Teams ones included (used by deploy/remove.sh).
#   --verify            Only list the Graph app roles currently granted.
#
# Who can run it: Privileged Role Administrator or Global Administrator (app role assignments for
# Microsoft Graph). Mode 2 also needs Application Administrator or Cloud Application Administrator to
# create the registration. Sign in first with `az login --tenant <tenant id>`.
#
# References: learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments,
# learn.microsoft.com/graph/permissions-reference, learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-assign-app-role-managed-identity,
# learn.microsoft.com/cli/azure/reference-index#az-rest.
set -euo pipefail

GRAPH_APP_ID=00000003-0000-0000-c000-000000000000
GRAPH=https://graph.microsoft.com/v1.0
MAILBOX_ROLES=(Mail.ReadBasic.All Calendars.ReadWrite MailboxSettings.Read)
OTHER_ROLES=(Tasks.ReadWrite.All User.Read.All GroupMember.Read.All)
TEAMS_ROLES=(Chat.ReadBasic.All CallRecords.Read.All)
TEAMS_CHAT_FALLBACK=Chat.Read.All

mode=""; principal_id=""; app_name=GraphNetworker; fic_principal=""
exchange_scoping=0; dry_run=0; revoke=0; verify_only=0; teams=0; teams_chat_read_all=0

usage() { sed -n '2,39p' "$0" | sed 's/^# \{0,1\}//'; }
log() { printf '[grant-graph] %s\n' "$*" >&2; }
die() { printf '[grant-graph] ERROR: %s\n' "$*" >&2; exit 1; }
is_guid() { [[ "$1" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; }

while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode=$2; shift 2 ;;
    --principal-id) principal_id=$2; shift 2 ;;
    --app-name) app_name=$2; shift 2 ;;
    --federated-identity-principal-id) fic_principal=$2; shift 2 ;;
    --exchange-scoping) exchange_scoping=1; shift ;;
    --teams) teams=1; shift ;;
    --teams-chat-read-all) teams=1; teams_chat_read_all=1; shift ;;
    --dry-run|--what-if) dry_run=1; shift ;;
    --revoke) revoke=1; shift ;;
    --verify) verify_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

case "$mode" in
  managed-identity) is_guid "$principal_id" || die "--principal-id must be the managed identity's object (principal) id" ;;
  app-registration) [[ "$app_name" =~ ^[A-Za-z0-9\ ._-]{1,120}$ ]] || die "--app-name has unexpected characters"
                    [ -z "$fic_principal" ] || is_guid "$fic_principal" || die "--federated-identity-principal-id must be a GUID" ;;
  *) usage >&2; die "--mode must be managed-identity or app-registration" ;;
esac

wanted=("${OTHER_ROLES[@]}")
[ "$exchange_scoping" = 1 ] || wanted=("${MAILBOX_ROLES[@]}" "${OTHER_ROLES[@]}")
unwanted=()
[ "$exchange_scoping" = 1 ] && unwanted=("${MAILBOX_ROLES[@]}")
if [ "$teams" = 1 ] && [ "$teams_chat_read_all" = 1 ]; then
  wanted+=("$TEAMS_CHAT_FALLBACK" CallRecords.Read.All); unwanted+=(Chat.ReadBasic.All)
elif [ "$teams" = 1 ]; then
  wanted+=("${TEAMS_ROLES[@]}"); unwanted+=("$TEAMS_CHAT_FALLBACK")
fi
if [ "$revoke" = 1 ]; then unwanted=("${MAILBOX_ROLES[@]}" "${OTHER_ROLES[@]}" "${TEAMS_ROLES[@]}" "$TEAMS_CHAT_FALLBACK"); wanted=(); fi

command -v az >/dev/null || die "the Azure CLI (az) is required"
az account show --output none 2>/dev/null || die "not signed in: run 'az login --tenant <tenant id>' first"
tenant_id=$(az account show --query tenantId -o tsv)

# --- Graph helpers. Output is JSON or TSV of object ids; tokens stay inside az. --------------------
g_get() { az rest --method get --url "$1" ${2:+--query "$2"} ${3:+-o "$3"}; }
g_write() { # method url body description
  if [ "$dry_run" = 1 ]; then log "would $4"; return 0; fi
  az rest --method "$1" --url "$2" ${3:+--headers Content-Type=application/json --body "$3"} --output none
  log "done: $4"
}

graph_sp_id=$(g_get "$GRAPH/servicePrincipals(appId='$GRAPH_APP_ID')?\$select=id" id tsv)
is_guid "$graph_sp_id" || die "could not read the Microsoft Graph service principal in tenant $tenant_id"

role_id() { # permission value -> app role id, looked up in this tenant's Graph service principal
  local id
  id=$(g_get "$GRAPH/servicePrincipals/$graph_sp_id?\$select=appRoles" \
        "appRoles[?value=='$1' && contains(allowedMemberTypes, 'Application')].id | [0]" tsv)
  is_guid "$id" || die "Microsoft Graph has no application permission named $1"
  printf '%s' "$id"
}

declare -A role_ids=()
for r in "${MAILBOX_ROLES[@]}" "${OTHER_ROLES[@]}"; do role_ids[$r]=$(role_id "$r"); done
if [ "$teams" = 1 ] || [ "$revoke" = 1 ] || [ "$verify_only" = 1 ]; then
  for r in "${TEAMS_ROLES[@]}" "$TEAMS_CHAT_FALLBACK"; do role_ids[$r]=$(role_id "$r"); done
fi
role_name() { local k; for k in "${!role_ids[@]}"; do [ "${role_ids[$k]}" = "$1" ] && { printf '%s' "$k"; return; }; done; printf 'other:%s' "$1"; }

converge_assignments() { # service principal object id, add(1|0) -> add wanted, remove unwanted app role assignments
  local sp=$1 add=${2:-1} existing id role_id_value r name
  existing=$(g_get "$GRAPH/servicePrincipals/$sp/appRoleAssignments?\$top=999" \
              "value[?resourceId=='$graph_sp_id'].[id, appRoleId]" tsv)
  if [ "$verify_only" = 1 ]; then
    log "Microsoft Graph application permissions granted to $sp:"
    while IFS=$'\t' read -r id role_id_value; do [ -n "$id" ] && log "  $(role_name "$role_id_value")"; done <<<"$existing"
    return 0
  fi
  for r in "${wanted[@]}"; do
    if grep -q "${role_ids[$r]}" <<<"$existing"; then log "already granted: $r"; continue; fi
    # An app registration's grants come from admin consent (printed below), not from this script.
    [ "$add" = 1 ] || { log "not yet consented: $r"; continue; }
    g_write post "$GRAPH/servicePrincipals/$sp/appRoleAssignments" \
      "{\"principalId\":\"$sp\",\"resourceId\":\"$graph_sp_id\",\"appRoleId\":\"${role_ids[$r]}\"}" "grant $r"
  done
  for r in "${unwanted[@]}"; do
    while IFS=$'\t' read -r id role_id_value; do
      [ "$role_id_value" = "${role_ids[$r]}" ] || continue
      g_write delete "$GRAPH/servicePrincipals/$sp/appRoleAssignments/$id" "" "remove tenant-wide $r"
    done <<<"$existing"
  done
  while IFS=$'\t' read -r id role_id_value; do
    [ -n "$id" ] || continue
    name=$(role_name "$role_id_value")
    case "$name" in other:*) log "note: this principal also holds another Graph app role ($role_id_value) that GraphNetworker does not need; review it" ;; esac
  done <<<"$existing"
}

if [ "$mode" = managed-identity ]; then
  sp_type=$(g_get "$GRAPH/servicePrincipals/$principal_id?\$select=servicePrincipalType" servicePrincipalType tsv) ||
    die "no service principal with object id $principal_id in tenant $tenant_id"
  [ "$sp_type" = ManagedIdentity ] || log "warning: $principal_id is a '$sp_type' service principal, not a managed identity"
  converge_assignments "$principal_id"
  [ "$verify_only" = 1 ] || log "managed identity $principal_id: Graph permissions converged (wanted: ${wanted[*]:-none})"
  exit 0
fi

# --- Mode 2: app registration -------------------------------------------------------------------------
app_json_ids=$(g_get "$GRAPH/applications?\$filter=displayName eq '$app_name'&\$select=id,appId" "value[].[id, appId]" tsv)
[ "$(grep -c . <<<"$app_json_ids")" -le 1 ] || die "more than one application is named '$app_name'; rename or pass another --app-name"
app_object_id=$(cut -f1 <<<"$app_json_ids"); app_id=$(cut -f2 <<<"$app_json_ids")

access=""
for r in "${wanted[@]}"; do access+="${access:+,}{\"id\":\"${role_ids[$r]}\",\"type\":\"Role\"}"; done
rra="{\"requiredResourceAccess\":[{\"resourceAppId\":\"$GRAPH_APP_ID\",\"resourceAccess\":[${access}]}]}"

if [ "$revoke" = 1 ]; then
  [ -n "$app_object_id" ] || { log "no application named '$app_name': nothing to remove"; exit 0; }
  g_write delete "$GRAPH/applications/$app_object_id" "" "delete the app registration '$app_name' ($app_id) and with it its service principal and grants"
  exit 0
fi

if [ -z "$app_object_id" ]; then
  [ "$verify_only" = 1 ] && die "no application named '$app_name'"
  if [ "$dry_run" = 1 ]; then
    log "would create the app registration '$app_name' (single tenant) requiring: ${wanted[*]}"
    log "would create its service principal, then print the admin consent URL"
    exit 0
  fi
  body="{\"displayName\":\"$app_name\",\"signInAudience\":\"AzureADMyOrg\",${rra:1:${#rra}-2}}"
  created=$(az rest --method post --url "$GRAPH/applications" --headers Content-Type=application/json \
      --body "$body" --query "[id, appId]" -o tsv)
  read -r -d '' app_object_id app_id <<<"$created" || true
  log "created the app registration '$app_name' (appId $app_id)"
else
  log "found the app registration '$app_name' (appId $app_id)"
  if [ "$verify_only" != 1 ]; then
    # Keep requiredResourceAccess entries for other APIs; replace only the Microsoft Graph entry.
    others=$(g_get "$GRAPH/applications/$app_object_id?\$select=requiredResourceAccess" \
              "requiredResourceAccess[?resourceAppId!='$GRAPH_APP_ID']" json | tr -d '\n ')
    if [ "$others" != "[]" ] && [ -n "$others" ]; then
      rra="{\"requiredResourceAccess\":[{\"resourceAppId\":\"$GRAPH_APP_ID\",\"resourceAccess\":[${access}]},${others:1}}"
    fi
    current=$(g_get "$GRAPH/applications/$app_object_id?\$select=requiredResourceAccess" \
               "requiredResourceAccess[?resourceAppId=='$GRAPH_APP_ID'].resourceAccess[].[id, type]" tsv | sort | tr '\n' ' ')
    desired=$(for r in "${wanted[@]}"; do printf '%s\tRole\n' "${role_ids[$r]}"; done | sort | tr '\n' ' ')
    if [ "$current" = "$desired" ]; then
      log "requiredResourceAccess already lists exactly: ${wanted[*]}"
    else
      g_write patch "$GRAPH/applications/$app_object_id" "$rra" "set requiredResourceAccess to: ${wanted[*]}"
    fi
  fi
fi

sp_id=$(g_get "$GRAPH/servicePrincipals?\$filter=appId eq '$app_id'&\$select=id" "value[0].id" tsv)
if ! is_guid "${sp_id:-x}"; then
  g_write post "$GRAPH/servicePrincipals" "{\"appId\":\"$app_id\"}" "create the service principal for $app_id"
  [ "$dry_run" = 1 ] || sp_id=$(g_get "$GRAPH/servicePrincipals?\$filter=appId eq '$app_id'&\$select=id" "value[0].id" tsv)
fi

if [ -n "$fic_principal" ] && [ "$verify_only" != 1 ]; then
  issuer="https://login.microsoftonline.com/$tenant_id/v2.0"
  has_fic=$(g_get "$GRAPH/applications/$app_object_id/federatedIdentityCredentials" \
             "length(value[?subject=='$fic_principal' && issuer=='$issuer'])" tsv)
  if [ "${has_fic:-0}" != 0 ]; then log "federated credential for managed identity $fic_principal already present"
  else
    g_write post "$GRAPH/applications/$app_object_id/federatedIdentityCredentials" \
      "{\"name\":\"graphnetworker-worker-identity\",\"issuer\":\"$issuer\",\"subject\":\"$fic_principal\",\"audiences\":[\"api://AzureADTokenExchange\"],\"description\":\"GraphNetworker worker managed identity (secretless)\"}" \
      "add managed identity $fic_principal as a federated credential of '$app_name'"
  fi
fi

if is_guid "${sp_id:-x}"; then
  if [ "$exchange_scoping" = 1 ] || [ "$verify_only" = 1 ]; then converge_assignments "$sp_id" 0; fi
fi

cat >&2 <<EOF
[grant-graph] Next: a Global Administrator or Privileged Role Administrator grants admin consent, either
[grant-graph]   in the Entra admin center: App registrations > $app_name > API permissions > Grant admin consent, or
[grant-graph]   by opening: https://login.microsoftonline.com/$tenant_id/adminconsent?client_id=$app_id
[grant-graph] Consent must be granted again whenever the requested permissions change.
[grant-graph] Then point the worker at the registration:
[grant-graph]   azd env set GRAPHNETWORKER_GRAPH_APP_CLIENT_ID $app_id && azd provision
EOF
