#!/usr/bin/env bash
# azd postprovision hook (azure.yaml): makes the worker's user-assigned managed identity a contained
# user of the GraphNetworker database and grants it the database roles it needs. Optionally grants
# the Microsoft Graph app roles (GRAPHNETWORKER_GRANT_GRAPH=true).
#
# Runs as whoever ran azd: that principal is the server's Microsoft Entra administrator (infra/
# modules/sql.bicep), so it can create users. Nothing here uses or prints a password or a token:
# sqlcmd gets its own Entra token (--authentication-method ActiveDirectoryDefault, which tries the
# Azure CLI and azd sign-ins among others).
#
# Idempotent: safe to re-run (`azd provision` or `azd hooks run postprovision`).
#
# Settings (azd env set NAME VALUE, or the environment):
#   GRAPHNETWORKER_SQL_DDL            true (default): the worker also gets db_ddladmin so it can apply
#                                     its schema migrations when it starts. false: reader+writer only;
#                                     migrations must then be applied by a principal with DDL rights
#                                     (GRAPHNETWORKER_SQL_MIGRATOR, or the Entra administrator).
#   GRAPHNETWORKER_SQL_MIGRATOR       optional name of an Entra group or identity that gets
#                                     db_ddladmin + reader + writer to run migrations separately.
#   GRAPHNETWORKER_KEEP_FIREWALL_RULE true: keep the firewall rule this script adds for your IP.
#   GRAPHNETWORKER_GRANT_GRAPH        true: also run deploy/grant-graph-permissions.sh for the identity
#                                     (needs Privileged Role Administrator or Global Administrator).
#   GRAPHNETWORKER_EXCHANGE_SCOPING   true: with the grant above, leave the mailbox permissions to
#                                     Exchange Online RBAC (deploy/scope-mailboxes.ps1).
#   GRAPHNETWORKER_SKIP_SQL_USER      true: skip the database part (for example when a DBA does it).
#   DRY_RUN                           true: print the T-SQL and the commands, change nothing.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[postprovision] %s\n' "$*" >&2; }
die() { printf '[postprovision] ERROR: %s\n' "$*" >&2; exit 1; }
is_true() { case "${1:-}" in true|True|TRUE|1|yes) return 0 ;; *) return 1 ;; esac; }

# Values come from the azd environment (azd exports them to hooks); fall back to `azd env get-values`.
load_azd_env() {
  command -v azd >/dev/null 2>&1 || return 0
  local line key value
  while IFS= read -r line; do
    key=${line%%=*}; value=${line#*=}; value=${value#\"}; value=${value%\"}
    case "$key" in
      AZURE_*|SERVICE_*|GRAPHNETWORKER_*) [ -z "${!key:-}" ] && export "$key=$value" ;;
    esac
  done < <(azd env get-values 2>/dev/null || true)
}
[ -n "${AZURE_SQL_SERVER_FQDN:-}" ] || load_azd_env

for v in AZURE_SQL_SERVER_FQDN AZURE_SQL_SERVER_NAME AZURE_SQL_DATABASE_NAME AZURE_RESOURCE_GROUP \
         AZURE_WORKER_IDENTITY_NAME AZURE_WORKER_IDENTITY_CLIENT_ID AZURE_WORKER_IDENTITY_PRINCIPAL_ID; do
  [ -n "${!v:-}" ] || die "$v is not set (run this from azd, or after 'azd provision')"
done

identity=$AZURE_WORKER_IDENTITY_NAME
[[ "$identity" =~ ^[A-Za-z0-9._-]{1,128}$ ]] || die "unexpected identity name '$identity'"
migrator=${GRAPHNETWORKER_SQL_MIGRATOR:-}
[[ -z "$migrator" || "$migrator" =~ ^[A-Za-z0-9\ ._@-]{1,128}$ ]] || die "unexpected GRAPHNETWORKER_SQL_MIGRATOR '$migrator'"
ddl=1; is_true "${GRAPHNETWORKER_SQL_DDL:-true}" || ddl=0
dry_run=0; is_true "${DRY_RUN:-false}" && dry_run=1

sql_script() {
  # sqlcmd scripting variables: $(WorkerName) etc. Names are validated above; QUOTENAME guards the DDL.
  cat <<'SQL'
SET NOCOUNT ON;
DECLARE @name sysname = N'$(WorkerName)';
DECLARE @ddl bit = $(GrantDdl);
DECLARE @migrator sysname = NULLIF(N'$(MigratorName)', N'-');
DECLARE @sql nvarchar(max);

-- The worker's managed identity as a contained database user (no server login, no password).
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = @name)
BEGIN
    SET @sql = N'CREATE USER ' + QUOTENAME(@name) + N' FROM EXTERNAL PROVIDER;';
    EXEC (@sql);
    PRINT 'created user ' + @name;
END
ELSE PRINT 'user ' + @name + ' already exists';

DECLARE @roles TABLE (principal sysname, role sysname);
INSERT @roles VALUES (@name, N'db_datareader'), (@name, N'db_datawriter');
IF @ddl = 1 INSERT @roles VALUES (@name, N'db_ddladmin');

IF @migrator IS NOT NULL
BEGIN
    IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = @migrator)
    BEGIN
        SET @sql = N'CREATE USER ' + QUOTENAME(@migrator) + N' FROM EXTERNAL PROVIDER;';
        EXEC (@sql);
        PRINT 'created user ' + @migrator;
    END
    INSERT @roles VALUES (@migrator, N'db_datareader'), (@migrator, N'db_datawriter'), (@migrator, N'db_ddladmin');
END

DECLARE @p sysname, @r sysname;
DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT principal, role FROM @roles;
OPEN c;
FETCH NEXT FROM c INTO @p, @r;
WHILE @@FETCH_STATUS = 0
BEGIN
    IF NOT EXISTS (SELECT 1 FROM sys.database_role_members m
                   JOIN sys.database_principals rp ON rp.principal_id = m.role_principal_id
                   JOIN sys.database_principals up ON up.principal_id = m.member_principal_id
                   WHERE rp.name = @r AND up.name = @p)
    BEGIN
        SET @sql = N'ALTER ROLE ' + QUOTENAME(@r) + N' ADD MEMBER ' + QUOTENAME(@p) + N';';
        EXEC (@sql);
        PRINT 'added ' + @p + ' to ' + @r;
    END
    FETCH NEXT FROM c INTO @p, @r;
END
CLOSE c; DEALLOCATE c;

-- Least privilege the other way: if DDL was turned off after an earlier run, take it away again.
IF @ddl = 0 AND EXISTS (SELECT 1 FROM sys.database_role_members m
                        JOIN sys.database_principals rp ON rp.principal_id = m.role_principal_id
                        JOIN sys.database_principals up ON up.principal_id = m.member_principal_id
                        WHERE rp.name = N'db_ddladmin' AND up.name = @name)
BEGIN
    SET @sql = N'ALTER ROLE [db_ddladmin] DROP MEMBER ' + QUOTENAME(@name) + N';';
    EXEC (@sql);
    PRINT 'removed ' + @name + ' from db_ddladmin';
END

SELECT up.name AS principal, rp.name AS role
FROM sys.database_role_members m
JOIN sys.database_principals rp ON rp.principal_id = m.role_principal_id
JOIN sys.database_principals up ON up.principal_id = m.member_principal_id
WHERE up.name IN (@name, ISNULL(@migrator, @name))
ORDER BY up.name, rp.name;
SQL
}

run_sqlcmd() {
  sqlcmd -S "tcp:$AZURE_SQL_SERVER_FQDN,1433" -d "$AZURE_SQL_DATABASE_NAME" \
    --authentication-method ActiveDirectoryDefault -b -l 30 "$@"
}

firewall_rule=""
cleanup() {
  if [ -n "$firewall_rule" ] && ! is_true "${GRAPHNETWORKER_KEEP_FIREWALL_RULE:-false}"; then
    log "removing the temporary firewall rule $firewall_rule"
    az sql server firewall-rule delete -g "$AZURE_RESOURCE_GROUP" -s "$AZURE_SQL_SERVER_NAME" -n "$firewall_rule" --output none 2>/dev/null ||
      log "could not remove firewall rule $firewall_rule; remove it in the portal (SQL server > Networking)"
  fi
}
trap cleanup EXIT

create_database_user() {
  if ! command -v sqlcmd >/dev/null 2>&1 || ! sqlcmd --version 2>/dev/null | grep -qi 'sqlcmd'; then
    die "sqlcmd (go-sqlcmd) is not installed. Install it (winget install sqlcmd | brew install sqlcmd | https://learn.microsoft.com/sql/tools/sqlcmd/go-sqlcmd-utility), or run the T-SQL printed by 'DRY_RUN=true $0' in the portal's query editor as the Entra administrator, then set GRAPHNETWORKER_SKIP_SQL_USER=true."
  fi
  local out attempt ip
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if out=$(run_sqlcmd -Q "SELECT 1" 2>&1); then break; fi
    # Azure SQL names the client address it refused (error 40615); allow exactly that address.
    ip=$(printf '%s' "$out" | sed -n "s/.*Client with IP address '\([0-9.]*\)'.*/\1/p" | head -n 1)
    if [ -n "$ip" ] && [ -z "$firewall_rule" ]; then
      command -v az >/dev/null 2>&1 || die "the SQL firewall refuses $ip and the Azure CLI (az) is not installed to add a rule for it"
      firewall_rule="azd-postprovision-${ip//./-}"
      log "adding a temporary firewall rule $firewall_rule for your address $ip"
      az sql server firewall-rule create -g "$AZURE_RESOURCE_GROUP" -s "$AZURE_SQL_SERVER_NAME" -n "$firewall_rule" \
        --start-ip-address "$ip" --end-ip-address "$ip" --output none
    elif [ -z "$ip" ] && [ "$attempt" -ge 3 ]; then
      printf '%s\n' "$out" >&2
      die "cannot connect to $AZURE_SQL_SERVER_FQDN as the Entra administrator (are you signed in with 'az login' as the principal that ran azd?)"
    fi
    log "waiting for the database to accept the connection (attempt $attempt)"
    sleep 15
  done
  log "creating contained user [$identity] in $AZURE_SQL_DATABASE_NAME (db_ddladmin: $([ $ddl = 1 ] && echo yes || echo no))"
  local sqlfile
  sqlfile=$(mktemp "${TMPDIR:-/tmp}/gn-postprovision.XXXXXX.sql")
  sql_script >"$sqlfile"
  run_sqlcmd -v "WorkerName=$identity" -v "GrantDdl=$ddl" -v "MigratorName=${migrator:--}" -i "$sqlfile" || { rm -f "$sqlfile"; die "the T-SQL script failed"; }
  rm -f "$sqlfile"
}

if is_true "${GRAPHNETWORKER_SKIP_SQL_USER:-false}"; then
  log "GRAPHNETWORKER_SKIP_SQL_USER=true: not touching the database"
elif [ "$dry_run" = 1 ]; then
  log "DRY_RUN: would run this T-SQL on $AZURE_SQL_SERVER_FQDN/$AZURE_SQL_DATABASE_NAME with"
  log "  WorkerName=$identity GrantDdl=$ddl MigratorName=${migrator:-<none>}"
  sql_script
else
  create_database_user
fi

if is_true "${GRAPHNETWORKER_GRANT_GRAPH:-false}"; then
  args=(--mode managed-identity --principal-id "$AZURE_WORKER_IDENTITY_PRINCIPAL_ID")
  is_true "${GRAPHNETWORKER_EXCHANGE_SCOPING:-false}" && args+=(--exchange-scoping)
  [ "$dry_run" = 1 ] && args+=(--dry-run)
  log "granting Microsoft Graph app roles to the worker identity"
  bash "$script_dir/grant-graph-permissions.sh" "${args[@]}"
else
  log "Graph app roles not granted by this hook. A Privileged Role Administrator runs:"
  log "  deploy/grant-graph-permissions.sh --mode managed-identity --principal-id $AZURE_WORKER_IDENTITY_PRINCIPAL_ID"
fi

case "${SERVICE_WORKER_IMAGE_NAME:-}" in
  *containerapps-helloworld*)
    log "the app still runs the placeholder image (no health probes). After 'azd deploy', run 'azd provision'"
    log "once more so the startup, liveness and readiness probes are added (docs/admin-guide.md, step 7)." ;;
esac
