// The GraphNetworker worker on Azure Container Apps.
// - No public ingress. Health probes reach the container directly on port 8080; internal ingress is
//   optional and only reachable inside the environment.
// - activeRevisionsMode 'Single': a new revision starts, becomes ready (readiness probe), then the old
//   one is deactivated, so two revisions overlap briefly during an update. The store's per-mailbox
//   leases make that overlap safe (a mailbox is worked on by one replica at a time).
// - Probe limits and fields: learn.microsoft.com/azure/container-apps/health-probes
// - Application Insights: the worker exports OpenTelemetry to it when APPLICATIONINSIGHTS_CONNECTION_STRING
//   is set. The connection string is read here from the component itself and held as a Container Apps
//   secret that the variable references, so it never passes through a module parameter or output (both
//   are kept in the deployment history) and does not show in the app's environment listing.
param location string
param tags object
param name string
param environmentId string

@description('Resource id of the user-assigned managed identity (registry pull, SQL, Graph).')
param identityId string

param registryServer string
param image string

@description('True while the public placeholder image runs (first provision): no probes, it does not serve /healthz on 8080.')
param isPlaceholder bool

@description('Environment variables of the worker (name/value pairs); the Application Insights one is added here.')
param env array

@description('Name of the Application Insights component (same resource group) the worker exports telemetry to.')
param applicationInsightsName string

param enableInternalIngress bool
param replicas int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var applicationInsightsSecretName = 'applicationinsights-connection-string'

var probes = isPlaceholder ? [] : [
  {
    type: 'Startup'
    httpGet: {
      path: '/healthz/live'
      port: 8080
      scheme: 'HTTP'
    }
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    // Up to 5 + 10 x 10 s for the database migrations that run before the host starts listening.
    failureThreshold: 10
  }
  {
    type: 'Liveness'
    httpGet: {
      path: '/healthz/live'
      port: 8080
      scheme: 'HTTP'
    }
    periodSeconds: 30
    timeoutSeconds: 5
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/healthz/ready'
      port: 8080
      scheme: 'HTTP'
    }
    periodSeconds: 15
    timeoutSeconds: 5
    failureThreshold: 3
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      maxInactiveRevisions: 5
      ingress: enableInternalIngress ? {
        external: false
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
      } : null
      secrets: [
        {
          name: applicationInsightsSecretName
          value: applicationInsights.properties.ConnectionString
        }
      ]
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: image
          env: concat(env, [
            {
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              secretRef: applicationInsightsSecretName
            }
          ])
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          probes: probes
        }
      ]
      scale: {
        // A fixed number of replicas: the worker is a poller (nothing would wake it from zero) and has no load signal
        // for a scale rule; replicas share the tenant through the database's per-mailbox leases.
        minReplicas: replicas
        maxReplicas: replicas
      }
    }
  }
}

output id string = app.id
output name string = app.name
output image string = image
