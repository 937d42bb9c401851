// Same as the azd scaffold's base/modules/fetch-container-image.bicep: once azd has deployed an image,
// re-provisioning keeps it instead of resetting the app to the placeholder.
param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp!.properties.template.containers : []
