// GraphNetworker: one resource group with the worker on Azure Container Apps, Azure SQL (Entra-only
// authentication), a container registry, monitoring, and the worker's user-assigned managed identity.
// Layout follows the azd scaffold (Azure/azure-dev cli/azd/resources/scaffold/templates/main.bicept):
// subscription scope here, everything else in resources.bicep. No passwords or keys are created.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name the resource group and to derive resource names.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

@description('Object id of the user or service principal running azd (AZURE_PRINCIPAL_ID).')
param principalId string

@description('Type of the principal running azd (AZURE_PRINCIPAL_TYPE): User or ServicePrincipal.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('True once azd has deployed the worker: the template then keeps the deployed image (azd scaffold convention).')
param workerExists bool = false

@description('Object id of the Entra security group whose (transitive) members are in scope. Required.')
@minLength(36)
param optInGroupId string

@description('Object id of the Azure SQL Microsoft Entra administrator. Empty: the principal running azd. A group is recommended for production.')
param sqlAdminObjectId string = ''

@description('Display name recorded for the Azure SQL Entra administrator (the UPN or the group name).')
param sqlAdminLogin string = 'azd-deployer'

@description('Type of the Azure SQL Entra administrator: User, Group or Application. Empty: derived from principalType.')
@allowed(['', 'User', 'Group', 'Application'])
param sqlAdminPrincipalType string = ''

@description('How the worker authenticates to Microsoft Graph. On Container Apps only ManagedIdentity is offered: directly (graphAppClientId empty) or as the federated credential of an app registration (graphAppClientId set). Secret- or certificate-based modes would need a secret store and are deliberately not wired here.')
@allowed(['ManagedIdentity'])
param graphMode string = 'ManagedIdentity'

@description('Client id of an app registration when the managed identity is used as its federated credential; empty when Graph app roles are granted to the managed identity directly.')
param graphAppClientId string = ''

@description('Optional explicit mailbox list (UPNs or object ids) in addition to the opt-in group.')
param scopeMailboxes array = []

@description('Optional OTLP endpoint (for example an OpenTelemetry Collector). Empty: not set.')
param otlpEndpoint string = ''

@description('Internal ingress on port 8080 (reachable only inside the Container Apps environment). Health probes do not need it.')
param enableInternalIngress bool = false

@description('Grant the Graph app roles to the managed identity from Bicep (Microsoft Graph Bicep extension). Needs Privileged Role Administrator; off by default, use deploy/grant-graph-permissions.* instead.')
param grantGraphAppRolesInBicep bool = false

@description('Mailbox permissions are granted through Exchange Online RBAC for Applications (deploy/scope-mailboxes.ps1), so the Bicep grant leaves out Mail.ReadBasic.All, Calendars.ReadWrite and MailboxSettings.Read.')
param exchangeRbacScoping bool = false

@description('With grantGraphAppRolesInBicep: also grant the optional Teams permissions (Chat.ReadBasic.All, CallRecords.Read.All). Without them the worker reads mail and calendar only.')
param grantTeamsAppRolesInBicep bool = false

@description('With grantTeamsAppRolesInBicep: Chat.Read.All instead of Chat.ReadBasic.All, only where doctor reports the last-message preview refused under Chat.ReadBasic.All.')
param teamsChatReadAll bool = false

@description('Worker replicas, all running all the time (Container Apps adds none to a worker without a scale rule). Replicas share the tenant through per-mailbox leases in the database; the admin guide says how many a tenant needs.')
@minValue(1)
@maxValue(10)
param workerReplicas int = 1

var abbrs = loadJsonContent('./abbreviations.json')

// Tags that should be applied to all resources. The container app adds 'azd-service-name'.
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  scope: rg
  name: 'resources'
  params: {
    location: location
    tags: tags
    principalId: principalId
    principalType: principalType
    workerExists: workerExists
    optInGroupId: optInGroupId
    sqlAdminObjectId: sqlAdminObjectId
    sqlAdminLogin: sqlAdminLogin
    sqlAdminPrincipalType: sqlAdminPrincipalType
    graphMode: graphMode
    graphAppClientId: graphAppClientId
    scopeMailboxes: scopeMailboxes
    otlpEndpoint: otlpEndpoint
    enableInternalIngress: enableInternalIngress
    grantGraphAppRolesInBicep: grantGraphAppRolesInBicep
    exchangeRbacScoping: exchangeRbacScoping
    grantTeamsAppRolesInBicep: grantTeamsAppRolesInBicep
    teamsChatReadAll: teamsChatReadAll
    workerReplicas: workerReplicas
  }
}

// Outputs are written to .azure/<env>/.env by azd; the names below are the ones azd and deploy/ read.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.AZURE_CONTAINER_REGISTRY_NAME
output AZURE_CONTAINER_ENVIRONMENT_NAME string = resources.outputs.AZURE_CONTAINER_ENVIRONMENT_NAME
output SERVICE_WORKER_NAME string = resources.outputs.SERVICE_WORKER_NAME
output SERVICE_WORKER_IMAGE_NAME string = resources.outputs.SERVICE_WORKER_IMAGE_NAME
output AZURE_RESOURCE_WORKER_ID string = resources.outputs.AZURE_RESOURCE_WORKER_ID
output AZURE_SQL_SERVER_NAME string = resources.outputs.AZURE_SQL_SERVER_NAME
output AZURE_SQL_SERVER_FQDN string = resources.outputs.AZURE_SQL_SERVER_FQDN
output AZURE_SQL_DATABASE_NAME string = resources.outputs.AZURE_SQL_DATABASE_NAME
output AZURE_WORKER_IDENTITY_NAME string = resources.outputs.AZURE_WORKER_IDENTITY_NAME
output AZURE_WORKER_IDENTITY_CLIENT_ID string = resources.outputs.AZURE_WORKER_IDENTITY_CLIENT_ID
output AZURE_WORKER_IDENTITY_PRINCIPAL_ID string = resources.outputs.AZURE_WORKER_IDENTITY_PRINCIPAL_ID
output GRAPHNETWORKER_OPT_IN_GROUP_ID string = optInGroupId
