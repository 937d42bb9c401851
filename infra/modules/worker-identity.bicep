// The worker's only identity: Azure SQL (contained database user), ACR pull and, once granted,
// Microsoft Graph app roles. No secret or certificate exists for it.
param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
