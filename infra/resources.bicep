// Resource-group scope: everything GraphNetworker runs on. Plain resources with GA API versions (no
// registry modules) so that every property can be checked against the ARM template reference without
// a compiler. Names follow the azd scaffold: '<abbreviation><resourceToken>'.
@description('The location used for all deployed resources')
param location string = resourceGroup().location

@description('Tags that will be applied to all resources')
param tags object = {}

param principalId string
param principalType string
param workerExists bool
param optInGroupId string
param sqlAdminObjectId string
param sqlAdminLogin string
param sqlAdminPrincipalType string
param graphMode string
param graphAppClientId string
param scopeMailboxes array
param otlpEndpoint string
param enableInternalIngress bool
param grantGraphAppRolesInBicep bool
param exchangeRbacScoping bool
param grantTeamsAppRolesInBicep bool
param teamsChatReadAll bool
param workerReplicas int

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = uniqueString(subscription().id, resourceGroup().id, location)

// The Graph application permissions the worker needs (docs/admin-guide.md explains each one).
var mailboxRoles = ['Mail.ReadBasic.All', 'Calendars.ReadWrite', 'MailboxSettings.Read']
var directoryAndTaskRoles = ['Tasks.ReadWrite.All', 'User.Read.All', 'GroupMember.Read.All']

// Optional: Teams chats and call records. Chat.Read.All only where the chat preview is refused under Chat.ReadBasic.All.
var teamsReadBasicRoles = ['Chat.ReadBasic.All', 'CallRecords.Read.All']
var teamsReadAllRoles = ['Chat.Read.All', 'CallRecords.Read.All']

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
  }
}

module workerIdentity 'modules/worker-identity.bicep' = {
  name: 'worker-identity'
  params: {
    location: location
    tags: tags
    name: '${abbrs.managedIdentityUserAssignedIdentities}worker-${resourceToken}'
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    tags: tags
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    pullPrincipalId: workerIdentity.outputs.principalId
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  params: {
    location: location
    tags: tags
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    logAnalyticsWorkspaceName: monitoring.outputs.logAnalyticsWorkspaceName
  }
}

// Azure SQL's Entra administrator: the principal running azd unless another one (a group) is named.
var sqlAdminType = !empty(sqlAdminPrincipalType) ? sqlAdminPrincipalType : (principalType == 'ServicePrincipal' ? 'Application' : 'User')

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    location: location
    tags: tags
    serverName: '${abbrs.sqlServers}${resourceToken}'
    databaseName: 'graphnetworker'
    administratorObjectId: empty(sqlAdminObjectId) ? principalId : sqlAdminObjectId
    administratorLogin: sqlAdminLogin
    administratorPrincipalType: sqlAdminType
  }
}

module workerImage 'modules/fetch-container-image.bicep' = {
  name: 'worker-fetch-image'
  params: {
    exists: workerExists
    name: '${abbrs.appContainerApps}worker-${resourceToken}'
  }
}

// The worker's configuration contract (environment variable form of GraphNetworker:* settings).
// Only names the worker reads are set here (tests/GraphNetworker.Deployment.Tests checks the compiled
// template); the worker module adds APPLICATIONINSIGHTS_CONNECTION_STRING from a secret.
var sqlConnectionString = 'Server=tcp:${sql.outputs.serverFqdn},1433;Database=${sql.outputs.databaseName};Authentication=Active Directory Managed Identity;User Id=${workerIdentity.outputs.clientId};Encrypt=True;TrustServerCertificate=False;Connection Timeout=30'
var baseEnv = [
  {
    name: 'GraphNetworker__Store__Provider'
    value: 'SqlServer'
  }
  {
    name: 'GraphNetworker__Store__ConnectionString'
    value: sqlConnectionString
  }
  {
    name: 'GraphNetworker__Graph__Mode'
    value: graphMode
  }
  {
    name: 'GraphNetworker__Graph__TenantId'
    value: tenant().tenantId
  }
  {
    name: 'GraphNetworker__Graph__ClientId'
    value: graphAppClientId
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: workerIdentity.outputs.clientId
  }
  {
    name: 'GraphNetworker__Scope__OptInGroupId'
    value: optInGroupId
  }
  {
    // With Exchange RBAC scoping (a MemberOfGroup management scope), read the group's direct members as Exchange counts them.
    name: 'GraphNetworker__Scope__ExchangeScoping'
    value: exchangeRbacScoping ? 'Direct' : 'None'
  }
  {
    // Teams' limits are per app and tenant and each replica paces its own Teams reads: each gets a share of 25 a second.
    name: 'GraphNetworker__Graph__TeamsRequestsPerSecond'
    value: string(25 / workerReplicas)
  }
  {
    name: 'OTEL_SERVICE_NAME'
    value: 'graphnetworker'
  }
]
var otlpEnv = empty(otlpEndpoint) ? [] : [
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT'
    value: otlpEndpoint
  }
]
var mailboxEnv = [for (mailbox, i) in scopeMailboxes: {
  name: 'GraphNetworker__Scope__Mailboxes__${i}'
  value: string(mailbox)
}]

// Before the first `azd deploy` the app runs the azd scaffold's public placeholder image. It does not
// serve the worker's health endpoints, so probes are only added once a real image is deployed.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
var workerImageName = workerImage.outputs.?containers[?0].?image ?? placeholderImage

module worker 'modules/worker-app.bicep' = {
  name: 'worker'
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'worker' })
    name: '${abbrs.appContainerApps}worker-${resourceToken}'
    environmentId: containerAppsEnvironment.outputs.id
    identityId: workerIdentity.outputs.id
    registryServer: registry.outputs.loginServer
    // `azd deploy` swaps in the real image; the next `azd provision` keeps it and adds the probes.
    image: workerImageName
    isPlaceholder: workerImageName == placeholderImage
    env: concat(baseEnv, otlpEnv, mailboxEnv)
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    enableInternalIngress: enableInternalIngress
    replicas: workerReplicas
  }
}

module graphAppRoles 'modules/graph-app-roles.bicep' = if (grantGraphAppRolesInBicep) {
  name: 'graph-app-roles'
  params: {
    principalId: workerIdentity.outputs.principalId
    appRoles: concat(
      exchangeRbacScoping ? directoryAndTaskRoles : concat(mailboxRoles, directoryAndTaskRoles),
      grantTeamsAppRolesInBicep ? (teamsChatReadAll ? teamsReadAllRoles : teamsReadBasicRoles) : []
    )
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output SERVICE_WORKER_NAME string = worker.outputs.name
output SERVICE_WORKER_IMAGE_NAME string = worker.outputs.image
output AZURE_RESOURCE_WORKER_ID string = worker.outputs.id
output AZURE_SQL_SERVER_NAME string = sql.outputs.serverName
output AZURE_SQL_SERVER_FQDN string = sql.outputs.serverFqdn
output AZURE_SQL_DATABASE_NAME string = sql.outputs.databaseName
output AZURE_WORKER_IDENTITY_NAME string = workerIdentity.outputs.name
output AZURE_WORKER_IDENTITY_CLIENT_ID string = workerIdentity.outputs.clientId
output AZURE_WORKER_IDENTITY_PRINCIPAL_ID string = workerIdentity.outputs.principalId
