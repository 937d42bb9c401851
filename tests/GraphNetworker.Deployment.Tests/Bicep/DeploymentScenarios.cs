namespace GraphNetworker.Deployment.Tests.Bicep;

/// <summary>The parameter sets the compiled templates are evaluated with.</summary>
internal static class DeploymentScenarios
{
    public const string DeployerObjectId = "33333333-3333-3333-3333-333333333333";
    public const string OptInGroupId = "44444444-4444-4444-4444-444444444444";
    public const string SqlAdminGroupId = "77777777-7777-7777-7777-777777777777";
    public const string GraphAppClientId = "88888888-8888-8888-8888-888888888888";
    public const string OtlpEndpoint = "http://otel-collector:4317";
    public static readonly string[] Mailboxes = ["ada@contoso.example", "bo@contoso.example"];

    /// <summary>First `azd provision`: only the required parameters, the placeholder image.</summary>
    public static DeploymentScenario Defaults { get; } = new("defaults", "main.bicep", Required());

    /// <summary>Every option on: mailboxes, OTLP, internal ingress, a SQL admin group, Graph roles from Bicep.</summary>
    public static DeploymentScenario Everything { get; } = new("everything", "main.bicep", Required(new()
    {
        ["scopeMailboxes"] = "[" + string.Join(", ", Mailboxes.Select(m => $"'{m}'")) + "]",
        ["otlpEndpoint"] = $"'{OtlpEndpoint}'",
        ["enableInternalIngress"] = "true",
        ["sqlAdminObjectId"] = $"'{SqlAdminGroupId}'",
        ["sqlAdminLogin"] = "'GraphNetworker SQL administrators'",
        ["sqlAdminPrincipalType"] = "'Group'",
        ["graphAppClientId"] = $"'{GraphAppClientId}'",
        ["grantGraphAppRolesInBicep"] = "true",
        ["workerReplicas"] = "3",
    }));

    /// <summary>Graph roles from Bicep with mailbox access left to Exchange RBAC for Applications.</summary>
    public static DeploymentScenario ExchangeScoped { get; } = new("exchange-scoped", "main.bicep", Required(new()
    {
        ["grantGraphAppRolesInBicep"] = "true",
        ["exchangeRbacScoping"] = "true",
    }));

    /// <summary>The worker module on its own once a real image runs (the second `azd provision`).</summary>
    public static DeploymentScenario WorkerWithItsImage { get; } = new("worker-with-its-image", "modules/worker-app.bicep", new Dictionary<string, string>
    {
        ["location"] = $"'{CompiledInfrastructure.Location}'",
        ["tags"] = "{ 'azd-service-name': 'worker' }",
        ["name"] = "'ca-worker-test'",
        ["environmentId"] = $"'/subscriptions/{CompiledInfrastructure.SubscriptionId}/resourceGroups/rg-test/providers/Microsoft.App/managedEnvironments/cae-test'",
        ["identityId"] = $"'/subscriptions/{CompiledInfrastructure.SubscriptionId}/resourceGroups/rg-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-worker-test'",
        ["registryServer"] = "'crtest.azurecr.io'",
        ["image"] = "'crtest.azurecr.io/graphnetworker/worker:azd-deploy-1'",
        ["isPlaceholder"] = "false",
        ["env"] = "[]",
        ["applicationInsightsName"] = "'appi-test'",
        ["enableInternalIngress"] = "false",
        ["replicas"] = "1",
    }, ResourceGroup: "rg-test");

    private static Dictionary<string, string> Required(Dictionary<string, string>? more = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["environmentName"] = "'gn-test'",
            ["location"] = $"'{CompiledInfrastructure.Location}'",
            ["principalId"] = $"'{DeployerObjectId}'",
            ["optInGroupId"] = $"'{OptInGroupId}'",
        };
        foreach (var (name, value) in more ?? [])
        {
            parameters[name] = value;
        }

        return parameters;
    }
}
