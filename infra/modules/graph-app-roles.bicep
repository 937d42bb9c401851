// Optional (main.bicep: grantGraphAppRolesInBicep, off by default): grant Microsoft Graph application
// permissions to the worker's managed identity with the Microsoft Graph Bicep extension. An app role
// assignment is the admin consent for that permission. Deploying this module needs the Privileged Role
// Administrator (or Global Administrator) directory role; Owner on the subscription is not enough.
// The scripts deploy/grant-graph-permissions.{sh,ps1} do the same thing outside the deployment.
// References: github.com/microsoftgraph/msgraph-bicep-types (quickstart-templates/msi-as-a-fic-secretless),
// learn.microsoft.com/graph/templates/bicep/whats-new (extension v1.0, public cloud only).
extension microsoftGraphV1

@description('Principal (object) id of the managed identity service principal.')
param principalId string

@description('Graph application permission values, for example Tasks.ReadWrite.All. Role ids are looked up by value.')
param appRoles array

// Microsoft Graph's own service principal in this tenant.
resource graph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource grants 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for role in appRoles: {
  appRoleId: filter(graph.appRoles, r => r.value == role && contains(r.allowedMemberTypes, 'Application'))[0].id
  principalId: principalId
  resourceId: graph.id
}]

output granted array = appRoles
