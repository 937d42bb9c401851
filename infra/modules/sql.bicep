// Azure SQL logical server with Microsoft Entra-only authentication (no SQL logins, no passwords) and a
// serverless General Purpose database. The worker's identity becomes a contained database user in the
// postprovision hook (deploy/postprovision.sh), because ARM cannot create database users.
// Reference: learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication
param location string
param tags object
param serverName string
param databaseName string

@description('Object id of the Entra administrator (user, group or service principal).')
param administratorObjectId string

@description('Name recorded for the Entra administrator.')
param administratorLogin string

@allowed(['User', 'Group', 'Application'])
param administratorPrincipalType string

resource server 'Microsoft.Sql/servers@2021-11-01' = {
  name: serverName
  location: location
  tags: tags
  properties: {
    version: '12.0'
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: administratorLogin
      sid: administratorObjectId
      principalType: administratorPrincipalType
      tenantId: tenant().tenantId
    }
  }
}

// 0.0.0.0-0.0.0.0 is the documented special rule "Allow Azure services and resources to access this
// server". The postprovision hook adds (and removes) a rule for the administrator's own address.
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2021-11-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2021-11-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: {
    name: 'GP_S_Gen5'
    tier: 'GeneralPurpose'
    family: 'Gen5'
    capacity: 1
  }
  properties: {
    // Graph ids are case-sensitive: a binary collation keeps two ids that differ only in case apart in every
    // unique index (identifiers stay case-insensitive: the catalog collation is the default).
    collation: 'Latin1_General_100_BIN2'
    // Serverless: 0.5-1 vCore. The worker polls every few minutes, so the database rarely pauses;
    // -1 turns auto-pause off and avoids the first-connection delay after a pause.
    minCapacity: json('0.5')
    autoPauseDelay: -1
    maxSizeBytes: 34359738368
    zoneRedundant: false
    requestedBackupStorageRedundancy: 'Local'
  }
}

output serverName string = server.name
output serverFqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
