<#
.SYNOPSIS
    Limits GraphNetworker's mailbox access to the members of the opt-in group with Exchange Online
    RBAC for Applications (Exchange Online PowerShell).

.DESCRIPTION
    Idempotent (every object is read with Get-* before New-*). Steps, as in Microsoft's guide
    (https://learn.microsoft.com/graph/auth-limit-mailbox-access, "Role Based Access Control for
    Applications in Exchange Online"):

      1. New-ServicePrincipal: an Exchange pointer to the worker's Entra service principal (for the
         managed identity: AppId = its client id, ObjectId = its principal/object id).
      2. New-ManagementScope: recipients that are members of the opt-in group
         (RecipientRestrictionFilter "MemberOfGroup -eq '<group distinguished name>'").
      3. New-ManagementRoleAssignment, scoped to it, for:
           Application Mail.ReadBasic, Application Calendars.ReadWrite, Application MailboxSettings.Read
      4. Test-ServicePrincipalAuthorization against a sample mailbox (-TestMailbox).

    Read this before you rely on it:
      * Grants add up. Exchange RBAC grants are added to whatever the app holds in Entra ID. If the
        identity also holds Mail.ReadBasic.All, Calendars.ReadWrite or MailboxSettings.Read as Entra app
        roles, it can still reach every mailbox. Run grant-graph-permissions.{sh,ps1} with
        --exchange-scoping / -ExchangeScoping, which grants only Tasks.ReadWrite.All, User.Read.All and
        GroupMember.Read.All in Entra and removes the three mailbox roles if they were granted before.
      * Microsoft To Do cannot be scoped. There is no Exchange application role for Tasks.*, so
        Tasks.ReadWrite.All stays tenant-wide. The worker only ever touches To Do lists of mailboxes in
        the opt-in group (it checks membership on every cycle), but that is the application's promise,
        not a platform control.
      * The scope evaluates direct membership of the group. Add users to the opt-in group directly
        (no nested groups), or mailboxes in nested groups are refused by Exchange even though the worker
        (which reads transitive members) considers them in scope. The group must be visible to Exchange
        Online (a mail-enabled security group or a Microsoft 365 group).
      * Changes can take a while to apply (Microsoft documents a cache of 30 minutes to 2 hours).

    Needs: Exchange Administrator (or membership of the Organization Management role group) and the
    ExchangeOnlineManagement module 3.x.

.EXAMPLE
    ./deploy/scope-mailboxes.ps1 -AppId <identity client id> -ServicePrincipalObjectId <identity object id> `
        -OptInGroup graphnetworker-users@contoso.com -TestMailbox dana@contoso.com -WhatIf

.EXAMPLE
    ./deploy/scope-mailboxes.ps1 -AppId <client id> -ServicePrincipalObjectId <object id> -OptInGroup <group> -Remove

.LINK
    https://learn.microsoft.com/graph/auth-limit-mailbox-access
.LINK
    https://learn.microsoft.com/powershell/module/exchange/new-serviceprincipal
.LINK
    https://learn.microsoft.com/powershell/module/exchange/new-managementroleassignment
.LINK
    https://learn.microsoft.com/powershell/module/exchange/test-serviceprincipalauthorization
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # Client (application) id of the identity: azd output AZURE_WORKER_IDENTITY_CLIENT_ID, or the app
    # registration's appId in AppRegistration mode.
    [Parameter(Mandatory = $true)]
    [ValidatePattern('^[0-9a-fA-F-]{36}$')]
    [string] $AppId,

    # Object id of the identity's service principal (enterprise application): azd output
    # AZURE_WORKER_IDENTITY_PRINCIPAL_ID for the managed identity.
    [Parameter(Mandatory = $true)]
    [ValidatePattern('^[0-9a-fA-F-]{36}$')]
    [string] $ServicePrincipalObjectId,

    # The opt-in group: its object id (GRAPHNETWORKER_OPT_IN_GROUP_ID), name or primary SMTP address.
    [Parameter(Mandatory = $true)]
    [string] $OptInGroup,

    [string] $DisplayName = 'GraphNetworker worker',
    [string] $ScopeName = 'GraphNetworker opt-in mailboxes',

    # A mailbox to test with Test-ServicePrincipalAuthorization (ideally one in the group and one not).
    [string[]] $TestMailbox = @(),

    # Organization for Connect-ExchangeOnline, for example contoso.onmicrosoft.com (optional).
    [string] $Organization,

    # Remove the role assignments, the scope and the service principal pointer instead.
    [switch] $Remove
)

# Strict mode stays off here: Exchange objects differ between module versions, and a missing property
# should read as empty rather than stop the script.
$ErrorActionPreference = 'Stop'

$roles = @('Application Mail.ReadBasic', 'Application Calendars.ReadWrite', 'Application MailboxSettings.Read')

# Some Exchange cmdlets report "not found" as a terminating error whatever -ErrorAction says.
function Find-OrNull([scriptblock] $query) { try { & $query } catch { $null } }

# The role assignments of the three application roles that belong to this service principal.
function Get-AppRoleAssignments($sp) {
    $names = @([string]$sp.Identity, [string]$sp.Name, [string]$sp.DisplayName, [string]$sp.AppId, [string]$sp.ObjectId) | Where-Object { $_ }
    foreach ($role in $roles) {
        Find-OrNull { Get-ManagementRoleAssignment -Role $role -ErrorAction SilentlyContinue } |
            Where-Object { ([string]$_.RoleAssignee -in $names) -or ([string]$_.RoleAssigneeName -in $names) }
    }
}

if (-not (Get-Module -ListAvailable -Name ExchangeOnlineManagement)) {
    throw 'Install the Exchange Online PowerShell module first: Install-Module ExchangeOnlineManagement -Scope CurrentUser'
}
Import-Module ExchangeOnlineManagement
if (-not (Get-Command Get-ServicePrincipal -ErrorAction SilentlyContinue)) {
    $connect = @{ ShowBanner = $false }
    if ($Organization) { $connect.Organization = $Organization }
    Connect-ExchangeOnline @connect
}

# 1. The Exchange service principal pointer (looked up by the Entra app id).
$exoSp = Find-OrNull { Get-ServicePrincipal -ErrorAction SilentlyContinue | Where-Object { [string]$_.AppId -eq $AppId } | Select-Object -First 1 }

# 2. The scope: recipients that are direct members of the opt-in group.
$group = $null
if ($OptInGroup -match '^[0-9a-fA-F-]{36}$') {
    $group = Find-OrNull { Get-Recipient -Filter "ExternalDirectoryObjectId -eq '$OptInGroup'" -ErrorAction SilentlyContinue | Select-Object -First 1 }
}
if (-not $group) { $group = Find-OrNull { Get-Recipient -Identity $OptInGroup -ErrorAction SilentlyContinue | Select-Object -First 1 } }
if (-not $group) { throw "Exchange Online cannot see the group '$OptInGroup'. Use a mail-enabled security group or a Microsoft 365 group." }
$filter = "MemberOfGroup -eq '$($group.DistinguishedName)'"
$scope = Find-OrNull { Get-ManagementScope -Identity $ScopeName -ErrorAction SilentlyContinue }

if ($Remove) {
    if ($exoSp) {
        foreach ($assignment in @(Get-AppRoleAssignments $exoSp)) {
            if ($PSCmdlet.ShouldProcess($assignment.Name, 'Remove-ManagementRoleAssignment')) {
                Remove-ManagementRoleAssignment -Identity $assignment.Identity -Confirm:$false
            }
        }
    }
    if ($scope -and $PSCmdlet.ShouldProcess($ScopeName, 'Remove-ManagementScope')) { Remove-ManagementScope -Identity $ScopeName -Confirm:$false }
    if ($exoSp -and $PSCmdlet.ShouldProcess($exoSp.DisplayName, 'Remove-ServicePrincipal')) { Remove-ServicePrincipal -Identity $exoSp.Identity -Confirm:$false }
    Write-Host 'Exchange RBAC scoping for GraphNetworker removed. Note: without it (and without Entra mailbox roles) the worker cannot read any mailbox.'
    return
}

if (-not $exoSp) {
    if ($PSCmdlet.ShouldProcess($DisplayName, "New-ServicePrincipal -AppId $AppId -ObjectId $ServicePrincipalObjectId")) {
        $exoSp = New-ServicePrincipal -AppId $AppId -ObjectId $ServicePrincipalObjectId -DisplayName $DisplayName
        Write-Host "created the Exchange service principal pointer '$DisplayName'"
    }
} else { Write-Host "Exchange service principal pointer exists: $($exoSp.DisplayName)" }

if (-not $scope) {
    if ($PSCmdlet.ShouldProcess($ScopeName, "New-ManagementScope -RecipientRestrictionFilter `"$filter`"")) {
        $scope = New-ManagementScope -Name $ScopeName -RecipientRestrictionFilter $filter
        Write-Host "created the management scope '$ScopeName'"
    }
} elseif ([string]$scope.RecipientFilter -notlike "*$($group.DistinguishedName)*") {
    if ($PSCmdlet.ShouldProcess($ScopeName, "Set-ManagementScope -RecipientRestrictionFilter `"$filter`"")) {
        Set-ManagementScope -Identity $ScopeName -RecipientRestrictionFilter $filter
        Write-Host "updated the management scope '$ScopeName' to the group $($group.Name)"
    }
} else { Write-Host "management scope exists: $ScopeName" }

# 3. One scoped role assignment per mailbox permission.
if ($exoSp) {
    $existing = @(Get-AppRoleAssignments $exoSp)
    foreach ($role in $roles) {
        $match = @($existing | Where-Object { [string]$_.Role -eq $role })
        if ($match | Where-Object { [string]$_.CustomResourceScope -eq $ScopeName }) { Write-Host "already assigned: $role (scope '$ScopeName')"; continue }
        if ($match.Count -gt 0) { Write-Warning "$role is assigned with another scope ($(($match | ForEach-Object { $_.CustomResourceScope }) -join ', ')); review it, grants add up." }
        if ($PSCmdlet.ShouldProcess($role, "New-ManagementRoleAssignment -App $($exoSp.AppId) -CustomResourceScope '$ScopeName'")) {
            New-ManagementRoleAssignment -App $exoSp.AppId -Role $role -CustomResourceScope $ScopeName | Out-Null
            Write-Host "assigned: $role (scope '$ScopeName')"
        }
    }
}

# 4. Check the result against sample mailboxes.
foreach ($mailbox in $TestMailbox) {
    if (-not $exoSp) { break }
    Write-Host "Test-ServicePrincipalAuthorization for ${mailbox}:"
    Test-ServicePrincipalAuthorization -Identity $exoSp.Identity -Resource $mailbox |
        Format-Table RoleName, GrantedPermissions, AllowedResourceScope, ScopeType, InScope -AutoSize | Out-Host
}

Write-Host @"
Done. Remember:
  * Do not also grant Mail.ReadBasic.All, Calendars.ReadWrite or MailboxSettings.Read in Entra ID
    (grant-graph-permissions --exchange-scoping removes them): grants add up.
  * Tasks.ReadWrite.All (To Do) stays tenant-wide: Exchange has no role for it. The worker enforces the
    opt-in group itself for To Do.
  * Members must be direct members of the group. Allow up to 2 hours for changes to apply.
  * Verify from the worker: az containerapp exec ... --command "dotnet /app/graphnetworker.dll doctor"
"@
