<#
.SYNOPSIS
    Grants GraphNetworker its Microsoft Graph application permissions (Microsoft Graph PowerShell).

.DESCRIPTION
    Idempotent: reads what exists and only adds what is missing; re-running changes nothing.

    -Mode ManagedIdentity (recommended, secretless): grants the app roles directly to the worker's
    user-assigned managed identity (azd output AZURE_WORKER_IDENTITY_PRINCIPAL_ID). The app role
    assignment is the admin consent.

    -Mode AppRegistration: creates or updates the app registration "GraphNetworker" with
    requiredResourceAccess, creates its service principal, optionally adds the managed identity as a
    federated credential (-FederatedIdentityPrincipalId, secretless), and prints the admin consent URL.

    -ExchangeScoping: mailbox access (Mail.ReadBasic.All, Calendars.ReadWrite, MailboxSettings.Read) is
    granted through Exchange Online RBAC for Applications (scope-mailboxes.ps1) instead. Entra grants
    and Exchange grants add up, so these three are not granted tenant-wide and are removed if an earlier
    run granted them.

    -Teams: also grant the optional Teams permissions, Chat.ReadBasic.All (chats, their members, when the
    last message was written) and CallRecords.Read.All (calls). Without them the worker reads mail and
    calendar only. Exchange RBAC cannot scope them; the worker reads Teams for opt-in group members only.
    -TeamsChatReadAll: as -Teams with Chat.Read.All instead of Chat.ReadBasic.All, only where doctor reports
    that the last-message preview is refused under Chat.ReadBasic.All (its text is dropped unread).

    -WhatIf prints what would change. -Revoke removes the permissions (Teams ones included). -Verify lists them.

    Needs: Privileged Role Administrator or Global Administrator (AppRoleAssignment.ReadWrite.All);
    AppRegistration mode also Application Administrator (Application.ReadWrite.All).

.EXAMPLE
    ./deploy/grant-graph-permissions.ps1 -Mode ManagedIdentity -PrincipalId <object id> -WhatIf

.LINK
    https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments
.LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.applications/new-mgserviceprincipalapproleassignment
.LINK
    https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-assign-app-role-managed-identity
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('ManagedIdentity', 'AppRegistration')]
    [string] $Mode,

    [ValidatePattern('^[0-9a-fA-F-]{36}$')]
    [string] $PrincipalId,

    [ValidatePattern('^[A-Za-z0-9 ._-]{1,120}$')]
    [string] $AppName = 'GraphNetworker',

    [ValidatePattern('^[0-9a-fA-F-]{36}$')]
    [string] $FederatedIdentityPrincipalId,

    [string] $TenantId,

    [switch] $ExchangeScoping,
    [switch] $Teams,
    [switch] $TeamsChatReadAll,
    [switch] $Revoke,
    [switch] $Verify
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$graphAppId = '00000003-0000-0000-c000-000000000000'
$mailboxRoles = @('Mail.ReadBasic.All', 'Calendars.ReadWrite', 'MailboxSettings.Read')
$otherRoles = @('Tasks.ReadWrite.All', 'User.Read.All', 'GroupMember.Read.All')
$teamsRoles = @('Chat.ReadBasic.All', 'CallRecords.Read.All')
$teamsChatFallback = 'Chat.Read.All'

$wanted = if ($ExchangeScoping) { $otherRoles } else { $mailboxRoles + $otherRoles }
$unwanted = if ($ExchangeScoping) { $mailboxRoles } else { @() }
if ($TeamsChatReadAll) { $wanted += @($teamsChatFallback, 'CallRecords.Read.All'); $unwanted += @('Chat.ReadBasic.All') }
elseif ($Teams) { $wanted += $teamsRoles; $unwanted += @($teamsChatFallback) }
if ($Revoke) { $unwanted = $mailboxRoles + $otherRoles + $teamsRoles + @($teamsChatFallback); $wanted = @() }

if ($Mode -eq 'ManagedIdentity' -and -not $PrincipalId) { throw '-PrincipalId (the managed identity object id) is required in ManagedIdentity mode.' }

foreach ($module in 'Microsoft.Graph.Authentication', 'Microsoft.Graph.Applications') {
    if (-not (Get-Module -ListAvailable -Name $module)) { throw "Install the Microsoft Graph PowerShell SDK first: Install-Module Microsoft.Graph -Scope CurrentUser ($module missing)." }
}
Import-Module Microsoft.Graph.Authentication, Microsoft.Graph.Applications

$scopes = @('Application.Read.All', 'AppRoleAssignment.ReadWrite.All')
if ($Mode -eq 'AppRegistration') { $scopes += 'Application.ReadWrite.All' }
$connect = @{ Scopes = $scopes; NoWelcome = $true }
if ($TenantId) { $connect.TenantId = $TenantId }
Connect-MgGraph @connect
$tenant = (Get-MgContext).TenantId

$graphSp = Get-MgServicePrincipal -Filter "appId eq '$graphAppId'" -Property 'id,appRoles'
if (-not $graphSp) { throw "Microsoft Graph's service principal was not found in tenant $tenant." }

# App role ids are resolved by value from this tenant's Graph service principal, not hard-coded.
$roleIds = @{}
foreach ($value in $mailboxRoles + $otherRoles + $teamsRoles + @($teamsChatFallback)) {
    $role = $graphSp.AppRoles | Where-Object { $_.Value -eq $value -and $_.AllowedMemberTypes -contains 'Application' } | Select-Object -First 1
    if (-not $role) { throw "Microsoft Graph has no application permission named $value." }
    $roleIds[$value] = [string]$role.Id
}
function Get-RoleName([string] $id) {
    foreach ($k in $roleIds.Keys) { if ($roleIds[$k] -eq $id) { return $k } }
    return "other:$id"
}

function Sync-Assignments([string] $servicePrincipalId) {
    $existing = @(Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $servicePrincipalId -All |
        Where-Object { $_.ResourceId -eq $graphSp.Id })
    if ($Verify) {
        Write-Host "Microsoft Graph application permissions granted to ${servicePrincipalId}:"
        $existing | ForEach-Object { Write-Host "  $(Get-RoleName ([string]$_.AppRoleId))" }
        return
    }
    foreach ($value in $wanted) {
        if ($existing | Where-Object { [string]$_.AppRoleId -eq $roleIds[$value] }) { Write-Host "already granted: $value"; continue }
        if ($PSCmdlet.ShouldProcess($servicePrincipalId, "grant Microsoft Graph $value")) {
            New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $servicePrincipalId `
                -PrincipalId $servicePrincipalId -ResourceId $graphSp.Id -AppRoleId $roleIds[$value] | Out-Null
            Write-Host "granted: $value"
        }
    }
    foreach ($value in $unwanted) {
        foreach ($assignment in $existing | Where-Object { [string]$_.AppRoleId -eq $roleIds[$value] }) {
            if ($PSCmdlet.ShouldProcess($servicePrincipalId, "remove tenant-wide Microsoft Graph $value")) {
                Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $servicePrincipalId -AppRoleAssignmentId $assignment.Id
                Write-Host "removed: $value"
            }
        }
    }
    foreach ($assignment in $existing) {
        $name = Get-RoleName ([string]$assignment.AppRoleId)
        if ($name.StartsWith('other:')) { Write-Warning "This principal also holds another Graph app role ($($assignment.AppRoleId)) that GraphNetworker does not need; review it." }
    }
}

if ($Mode -eq 'ManagedIdentity') {
    $sp = Get-MgServicePrincipal -ServicePrincipalId $PrincipalId -Property 'id,displayName,servicePrincipalType'
    if ($sp.ServicePrincipalType -ne 'ManagedIdentity') { Write-Warning "$PrincipalId is a '$($sp.ServicePrincipalType)' service principal, not a managed identity." }
    Sync-Assignments $sp.Id
    return
}

# --- AppRegistration mode ------------------------------------------------------------------------------
$apps = @(Get-MgApplication -Filter "displayName eq '$AppName'" -Property 'id,appId,requiredResourceAccess')
if ($apps.Count -gt 1) { throw "More than one application is named '$AppName'." }
$app = $apps | Select-Object -First 1

if ($Revoke) {
    if (-not $app) { Write-Host "No application named '$AppName': nothing to remove."; return }
    if ($PSCmdlet.ShouldProcess($AppName, 'delete the app registration (its service principal and grants go with it)')) {
        Remove-MgApplication -ApplicationId $app.Id
        Write-Host "deleted the app registration '$AppName' ($($app.AppId))"
    }
    return
}

$graphAccess = @{
    ResourceAppId  = $graphAppId
    ResourceAccess = @($wanted | ForEach-Object { @{ Id = $roleIds[$_]; Type = 'Role' } })
}
if (-not $app) {
    if ($Verify) { throw "No application named '$AppName'." }
    if ($PSCmdlet.ShouldProcess($AppName, "create a single-tenant app registration requiring $($wanted -join ', ')")) {
        $app = New-MgApplication -DisplayName $AppName -SignInAudience 'AzureADMyOrg' -RequiredResourceAccess @($graphAccess)
        Write-Host "created the app registration '$AppName' (appId $($app.AppId))"
    } else { return }
} elseif (-not $Verify) {
    # Keep entries for other APIs; replace only the Microsoft Graph entry.
    $others = @($app.RequiredResourceAccess | Where-Object { $_.ResourceAppId -ne $graphAppId })
    if ($PSCmdlet.ShouldProcess($AppName, "set requiredResourceAccess to $($wanted -join ', ')")) {
        Update-MgApplication -ApplicationId $app.Id -RequiredResourceAccess (@($graphAccess) + $others)
        Write-Host "updated requiredResourceAccess of '$AppName'"
    }
}

$sp = Get-MgServicePrincipal -Filter "appId eq '$($app.AppId)'" | Select-Object -First 1
if (-not $sp -and $PSCmdlet.ShouldProcess($AppName, 'create the service principal')) {
    $sp = New-MgServicePrincipal -AppId $app.AppId
}

if ($FederatedIdentityPrincipalId -and -not $Verify) {
    $issuer = "https://login.microsoftonline.com/$tenant/v2.0"
    $fic = Get-MgApplicationFederatedIdentityCredential -ApplicationId $app.Id -All |
        Where-Object { $_.Subject -eq $FederatedIdentityPrincipalId -and $_.Issuer -eq $issuer }
    if ($fic) { Write-Host "federated credential for $FederatedIdentityPrincipalId already present" }
    elseif ($PSCmdlet.ShouldProcess($AppName, "add managed identity $FederatedIdentityPrincipalId as a federated credential")) {
        New-MgApplicationFederatedIdentityCredential -ApplicationId $app.Id -Name 'graphnetworker-worker-identity' `
            -Issuer $issuer -Subject $FederatedIdentityPrincipalId -Audiences @('api://AzureADTokenExchange') `
            -Description 'GraphNetworker worker managed identity (secretless)' | Out-Null
        Write-Host 'added the federated credential'
    }
}

if ($sp -and ($ExchangeScoping -or $Verify)) { Sync-Assignments $sp.Id }

Write-Host @"
Next: a Global Administrator or Privileged Role Administrator grants admin consent, either
  in the Entra admin center: App registrations > $AppName > API permissions > Grant admin consent, or
  by opening: https://login.microsoftonline.com/$tenant/adminconsent?client_id=$($app.AppId)
Consent must be granted again whenever the requested permissions change.
Then point the worker at the registration:
  azd env set GRAPHNETWORKER_GRAPH_APP_CLIENT_ID $($app.AppId); azd provision
"@
