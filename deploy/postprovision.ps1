<#
.SYNOPSIS
    azd postprovision hook for Windows (azure.yaml): same as deploy/postprovision.sh.

.DESCRIPTION
    Creates the worker's managed identity as a contained user of the GraphNetworker database
    (CREATE USER ... FROM EXTERNAL PROVIDER, if missing) and adds it to db_datareader, db_datawriter
    and, unless GRAPHNETWORKER_SQL_DDL=false, db_ddladmin. Uses go-sqlcmd with the signed-in
    Entra identity (--authentication-method ActiveDirectoryDefault); no password or token is handled
    here. Adds a temporary firewall rule for your address if Azure SQL refuses it (error 40615) and
    removes it afterwards. Optionally grants the Graph app roles (GRAPHNETWORKER_GRANT_GRAPH=true).
    Idempotent. Set DRY_RUN=true to print the T-SQL without running it.
#>
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Test-True([string] $v) { return $v -in @('true', 'True', 'TRUE', '1', 'yes') }

# azd exports its environment to hooks; fall back to `azd env get-values`.
if (-not $env:AZURE_SQL_SERVER_FQDN -and (Get-Command azd -ErrorAction SilentlyContinue)) {
    foreach ($line in (azd env get-values)) {
        if ($line -match '^(AZURE_[A-Z_]+|SERVICE_[A-Z_]+|GRAPHNETWORKER_[A-Z_]+)="?(.*?)"?$') {
            if (-not (Get-Item "env:$($Matches[1])" -ErrorAction SilentlyContinue)) { Set-Item "env:$($Matches[1])" $Matches[2] }
        }
    }
}
foreach ($v in 'AZURE_SQL_SERVER_FQDN', 'AZURE_SQL_SERVER_NAME', 'AZURE_SQL_DATABASE_NAME', 'AZURE_RESOURCE_GROUP',
               'AZURE_WORKER_IDENTITY_NAME', 'AZURE_WORKER_IDENTITY_PRINCIPAL_ID') {
    if (-not (Get-Item "env:$v" -ErrorAction SilentlyContinue).Value) { throw "$v is not set (run this from azd, or after 'azd provision')." }
}

$identity = $env:AZURE_WORKER_IDENTITY_NAME
if ($identity -notmatch '^[A-Za-z0-9._-]{1,128}$') { throw "Unexpected identity name '$identity'." }
$migrator = if ($env:GRAPHNETWORKER_SQL_MIGRATOR) { $env:GRAPHNETWORKER_SQL_MIGRATOR } else { '-' }
if ($migrator -notmatch '^[A-Za-z0-9 ._@-]{1,128}$') { throw "Unexpected GRAPHNETWORKER_SQL_MIGRATOR '$migrator'." }
$ddl = if ($env:GRAPHNETWORKER_SQL_DDL -and -not (Test-True $env:GRAPHNETWORKER_SQL_DDL)) { 0 } else { 1 }

# The T-SQL is shared with postprovision.sh: extract it from there so the two never drift apart.
$shell = Get-Content -Raw (Join-Path $PSScriptRoot 'postprovision.sh')
if ($shell -notmatch "(?s)cat <<'SQL'\r?\n(.*?)\r?\nSQL\r?\n") { throw 'Could not find the T-SQL block in postprovision.sh.' }
$sql = $Matches[1]

if (Test-True $env:DRY_RUN) {
    Write-Host "DRY_RUN: would run on $($env:AZURE_SQL_SERVER_FQDN)/$($env:AZURE_SQL_DATABASE_NAME) with WorkerName=$identity GrantDdl=$ddl MigratorName=$migrator"
    Write-Host $sql
} elseif (-not (Test-True $env:GRAPHNETWORKER_SKIP_SQL_USER)) {
    if (-not (Get-Command sqlcmd -ErrorAction SilentlyContinue)) { throw 'Install go-sqlcmd first (winget install sqlcmd), or run the T-SQL from DRY_RUN=true in the portal query editor.' }
    $server = "tcp:$($env:AZURE_SQL_SERVER_FQDN),1433"
    $common = @('-S', $server, '-d', $env:AZURE_SQL_DATABASE_NAME, '--authentication-method', 'ActiveDirectoryDefault', '-b', '-l', '30')
    $rule = $null
    try {
        for ($attempt = 1; $attempt -le 10; $attempt++) {
            $out = & sqlcmd @common -Q 'SELECT 1' 2>&1 | Out-String
            if ($LASTEXITCODE -eq 0) { break }
            if (-not $rule -and $out -match "Client with IP address '([0-9.]+)'") {
                $ip = $Matches[1]
                $rule = "azd-postprovision-$($ip -replace '\.', '-')"
                Write-Host "Adding a temporary firewall rule $rule for your address $ip"
                az sql server firewall-rule create -g $env:AZURE_RESOURCE_GROUP -s $env:AZURE_SQL_SERVER_NAME -n $rule --start-ip-address $ip --end-ip-address $ip --output none
            } elseif ($attempt -ge 3 -and -not $rule) {
                throw "Cannot connect to $($env:AZURE_SQL_SERVER_FQDN) as the Entra administrator: $out"
            }
            Start-Sleep -Seconds 15
        }
        $file = New-TemporaryFile
        Set-Content -Path $file -Value $sql -Encoding utf8
        & sqlcmd @common -v "WorkerName=$identity" -v "GrantDdl=$ddl" -v "MigratorName=$migrator" -i $file.FullName
        if ($LASTEXITCODE -ne 0) { throw 'The T-SQL script failed.' }
        Remove-Item $file
    } finally {
        if ($rule -and -not (Test-True $env:GRAPHNETWORKER_KEEP_FIREWALL_RULE)) {
            Write-Host "Removing the temporary firewall rule $rule"
            az sql server firewall-rule delete -g $env:AZURE_RESOURCE_GROUP -s $env:AZURE_SQL_SERVER_NAME -n $rule --output none
        }
    }
}

if (Test-True $env:GRAPHNETWORKER_GRANT_GRAPH) {
    $grant = @{ Mode = 'ManagedIdentity'; PrincipalId = $env:AZURE_WORKER_IDENTITY_PRINCIPAL_ID }
    if (Test-True $env:GRAPHNETWORKER_EXCHANGE_SCOPING) { $grant.ExchangeScoping = $true }
    if (Test-True $env:DRY_RUN) { $grant.WhatIf = $true }
    & (Join-Path $PSScriptRoot 'grant-graph-permissions.ps1') @grant
} else {
    Write-Host "Graph app roles not granted by this hook. A Privileged Role Administrator runs:"
    Write-Host "  ./deploy/grant-graph-permissions.ps1 -Mode ManagedIdentity -PrincipalId $($env:AZURE_WORKER_IDENTITY_PRINCIPAL_ID)"
}
if ("$env:SERVICE_WORKER_IMAGE_NAME" -like '*containerapps-helloworld*') {
    Write-Host "The app still runs the placeholder image (no health probes). After 'azd deploy', run 'azd provision' once more so the probes are added."
}
