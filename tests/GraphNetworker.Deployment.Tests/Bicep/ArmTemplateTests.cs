using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GraphNetworker.Deployment.Tests.Infrastructure;

namespace GraphNetworker.Deployment.Tests.Bicep;

/// <summary>
/// What infra/ deploys, read from the compiled ARM JSON and from `bicep snapshot`'s evaluation of it (the
/// resources ARM would create for a parameter set, nested modules included): Entra-only SQL, no secret in
/// a parameter or an output, one managed identity for everything, exactly the worker's configuration
/// contract in its environment, Application Insights wired through a secret, no public ingress.
/// </summary>
public sealed partial class ArmTemplateTests(CompiledInfrastructure infrastructure)
{
    private const string ContainerApp = "Microsoft.App/containerApps";
    private const string AcrPullRoleId = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>The variables the worker reads (its options in environment form), always set by the deployment.</summary>
    private static readonly string[] RequiredEnvironment =
    [
        "GraphNetworker__Store__Provider", "GraphNetworker__Store__ConnectionString", "GraphNetworker__Graph__Mode",
        "GraphNetworker__Graph__TenantId", "GraphNetworker__Graph__ClientId", "GraphNetworker__Scope__OptInGroupId",
        "GraphNetworker__Scope__ExchangeScoping", "GraphNetworker__Graph__TeamsRequestsPerSecond", "AZURE_CLIENT_ID", "OTEL_SERVICE_NAME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    /// <summary>The outputs azd (SERVICE_*, AZURE_CONTAINER_*) and the deploy/ scripts read from .azure/&lt;env&gt;/.env.</summary>
    private static readonly string[] OutputsRead =
    [
        "AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_CONTAINER_REGISTRY_NAME", "AZURE_CONTAINER_ENVIRONMENT_NAME",
        "AZURE_RESOURCE_GROUP", "AZURE_TENANT_ID", "SERVICE_WORKER_NAME", "SERVICE_WORKER_IMAGE_NAME",
        "AZURE_SQL_SERVER_NAME", "AZURE_SQL_SERVER_FQDN", "AZURE_SQL_DATABASE_NAME", "AZURE_WORKER_IDENTITY_NAME",
        "AZURE_WORKER_IDENTITY_CLIENT_ID", "AZURE_WORKER_IDENTITY_PRINCIPAL_ID",
    ];

    private static readonly string[] GraphAppRoles =
        ["Mail.ReadBasic.All", "Calendars.ReadWrite", "MailboxSettings.Read", "Tasks.ReadWrite.All", "User.Read.All", "GroupMember.Read.All"];

    private static readonly string[] GraphRolesExchangeCannotScope = ["Tasks.ReadWrite.All", "User.Read.All", "GroupMember.Read.All"];

    [Fact]
    public void MainTemplate_TargetsTheSubscription_AndHasTheOutputsAzdAndTheHooksRead()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", (string?)Main["$schema"], StringComparison.Ordinal);
        var outputs = Main["outputs"]!.AsObject().Select(output => output.Key).ToHashSet();

        Assert.Empty(OutputsRead.Except(outputs));
    }

    [Fact]
    public async Task MainParametersFile_SetsOnlyTemplateParameters_AndEveryRequiredOne()
    {
        var declared = Main["parameters"]!.AsObject();
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key).ToArray();
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra", "main.parameters.json"), TestContext.Current.CancellationToken))!;
        var set = file["parameters"]!.AsObject().Select(p => p.Key).ToArray();

        Assert.Empty(set.Except(declared.Select(p => p.Key)));
        Assert.Empty(required.Except(set));
    }

    [Fact]
    public void Templates_TakeNoSecretParameter_AndOutputNoSecret()
    {
        // Parameters and outputs of every deployment, nested modules included, are kept in the deployment
        // history where any reader of the resource group sees them.
        var problems = new List<string>();
        foreach (var (path, template) in Templates(Main, "main"))
        {
            foreach (var (name, parameter) in template["parameters"]?.AsObject() ?? [])
            {
                if (IsSecureType(parameter) || SecretWords().IsMatch(name))
                {
                    problems.Add($"{path}: parameter {name} ({parameter!["type"]})");
                }
            }

            foreach (var (name, output) in template["outputs"]?.AsObject() ?? [])
            {
                var value = output!["value"]?.ToString() ?? string.Empty;
                if (IsSecureType(output) || SecretWords().IsMatch(name) || ListFunction().IsMatch(value) || SecretProperties().IsMatch(value))
                {
                    problems.Add($"{path}: output {name} = {value}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Outputs_Evaluated_CarryNoKeyOrConnectionString()
    {
        var snapshot = await infrastructure.SnapshotAsync(DeploymentScenarios.Everything);

        foreach (var (name, value) in snapshot.Outputs)
        {
            var text = value?.ToString() ?? string.Empty;
            Assert.False(SecretProperties().IsMatch(text) || text.Contains("Password=", StringComparison.OrdinalIgnoreCase), $"{name} = {text}");
        }
    }

    [Fact]
    public async Task AzureSql_AcceptsOnlyEntraAuthentication_WithTheDeployerAsAdministratorByDefault()
    {
        var server = (await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults)).Single("Microsoft.Sql/servers");
        var properties = server["properties"]!;
        var administrators = properties["administrators"]!;

        Assert.True((bool)administrators["azureADOnlyAuthentication"]!);
        Assert.Equal("ActiveDirectory", (string?)administrators["administratorType"]);
        Assert.Equal(DeploymentScenarios.DeployerObjectId, (string?)administrators["sid"]);
        Assert.Equal("User", (string?)administrators["principalType"]);
        Assert.Equal(CompiledInfrastructure.TenantId, (string?)administrators["tenantId"]);
        Assert.Null(properties["administratorLogin"]);
        Assert.Null(properties["administratorLoginPassword"]);
        Assert.Equal("1.2", (string?)properties["minimalTlsVersion"]);
    }

    [Fact]
    public async Task AzureSql_Database_HasABinaryCollation_SoGraphIdsThatDifferInCaseNeverCollide()
    {
        var database = (await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults)).Single("Microsoft.Sql/servers/databases");

        Assert.Equal("Latin1_General_100_BIN2", (string?)database["properties"]!["collation"]);
    }

    [Fact]
    public async Task AzureSql_WithAnAdministratorGroup_MakesTheGroupItsOnlyAdministrator()
    {
        var snapshot = await infrastructure.SnapshotAsync(DeploymentScenarios.Everything);
        var administrators = snapshot.Single("Microsoft.Sql/servers")["properties"]!["administrators"]!;

        Assert.Equal((DeploymentScenarios.SqlAdminGroupId, "Group", true),
            ((string?)administrators["sid"], (string?)administrators["principalType"], (bool)administrators["azureADOnlyAuthentication"]!));
        // Nothing else may turn SQL logins back on.
        Assert.DoesNotContain(snapshot.Resources, r => ((string?)r["type"])!.StartsWith("Microsoft.Sql/servers/", StringComparison.Ordinal)
            && ((string?)r["type"])!.Contains("administrator", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Worker_RunsAsItsUserAssignedIdentity_ForTheRegistrySqlAndGraph()
    {
        var snapshot = await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults);
        var identity = snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var identityId = (string)identity["id"]!;
        var app = snapshot.Single(ContainerApp);
        var env = Environment(app);

        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Equal([identityId], app["identity"]!["userAssignedIdentities"]!.AsObject().Select(i => i.Key));
        var registry = Assert.Single(app["properties"]!["configuration"]!["registries"]!.AsArray())!;
        Assert.Equal(identityId, (string?)registry["identity"]);
        Assert.Null(registry["passwordSecretRef"]);
        Assert.Null(registry["username"]);

        var clientId = $"{DeploymentSnapshot.ReferenceTo(identity)}.clientId";
        Assert.Equal($"[{clientId}]", Value(env, "AZURE_CLIENT_ID"));
        var connectionString = Value(env, "GraphNetworker__Store__ConnectionString");
        Assert.Contains("Authentication=Active Directory Managed Identity;", connectionString, StringComparison.Ordinal);
        Assert.Contains("User Id={2};", connectionString, StringComparison.Ordinal);
        Assert.EndsWith($", {clientId})]", connectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ManagedIdentity", Value(env, "GraphNetworker__Graph__Mode"));
    }

    [Fact]
    public async Task Registry_KeepsItsAdminUserOff_AndGrantsTheWorkerIdentityAcrPull()
    {
        var snapshot = await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults);
        var registry = snapshot.Single("Microsoft.ContainerRegistry/registries");
        var identity = snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var pull = snapshot.Single("Microsoft.Authorization/roleAssignments");

        Assert.False((bool)registry["properties"]!["adminUserEnabled"]!);
        Assert.EndsWith($"/roleDefinitions/{AcrPullRoleId}", (string?)pull["properties"]!["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Equal($"[{DeploymentSnapshot.ReferenceTo(identity)}.principalId]", (string?)pull["properties"]!["principalId"]);
        Assert.Equal("ServicePrincipal", (string?)pull["properties"]!["principalType"]);
        Assert.StartsWith($"[extensionResourceId('{(string)registry["id"]!}', 'Microsoft.Authorization/roleAssignments'", (string?)pull["id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_Environment_ByDefault_IsExactlyTheRequiredContract()
    {
        var app = (await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults)).Single(ContainerApp);
        var env = Environment(app);

        AssertSameNames(RequiredEnvironment, env.Keys);
        Assert.Equal("SqlServer", Value(env, "GraphNetworker__Store__Provider"));
        Assert.Equal(CompiledInfrastructure.TenantId, Value(env, "GraphNetworker__Graph__TenantId"));
        Assert.Equal(string.Empty, Value(env, "GraphNetworker__Graph__ClientId"));
        Assert.Equal(DeploymentScenarios.OptInGroupId, Value(env, "GraphNetworker__Scope__OptInGroupId"));
        Assert.Equal("None", Value(env, "GraphNetworker__Scope__ExchangeScoping"));
        Assert.Equal("graphnetworker", Value(env, "OTEL_SERVICE_NAME"));
        Assert.Equal("25", Value(env, "GraphNetworker__Graph__TeamsRequestsPerSecond"));
    }

    [Fact]
    public async Task Worker_Environment_WithExchangeRbacScoping_ReadsTheOptInGroupsDirectMembers()
    {
        var app = (await infrastructure.SnapshotAsync(DeploymentScenarios.ExchangeScoped)).Single(ContainerApp);

        Assert.Equal("Direct", Value(Environment(app), "GraphNetworker__Scope__ExchangeScoping"));
    }

    [Fact]
    public async Task Worker_Environment_WithEveryOption_AddsOtlpAndOneVariablePerMailbox()
    {
        var app = (await infrastructure.SnapshotAsync(DeploymentScenarios.Everything)).Single(ContainerApp);
        var env = Environment(app);
        var mailboxes = DeploymentScenarios.Mailboxes.Select((_, i) => $"GraphNetworker__Scope__Mailboxes__{i}");

        AssertSameNames(RequiredEnvironment.Append("OTEL_EXPORTER_OTLP_ENDPOINT").Concat(mailboxes), env.Keys);
        Assert.Equal(DeploymentScenarios.OtlpEndpoint, Value(env, "OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal(DeploymentScenarios.Mailboxes, DeploymentScenarios.Mailboxes.Select((_, i) => Value(env, $"GraphNetworker__Scope__Mailboxes__{i}")));
        Assert.Equal(DeploymentScenarios.GraphAppClientId, Value(env, "GraphNetworker__Graph__ClientId"));
        // Container Apps adds no replicas to an app without a scale rule: the count asked for is the count that runs.
        Assert.Equal(3, (int)app["properties"]!["template"]!["scale"]!["minReplicas"]!);
        Assert.Equal(3, (int)app["properties"]!["template"]!["scale"]!["maxReplicas"]!);

        // Teams' limits are the tenant's: three replicas pace their Teams reads at a third of 25 a second each.
        Assert.Equal("8", Value(env, "GraphNetworker__Graph__TeamsRequestsPerSecond"));
    }

    [Fact]
    public async Task Worker_ApplicationInsightsConnectionString_IsASecretReadFromTheComponent()
    {
        var snapshot = await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults);
        var component = snapshot.Single("Microsoft.Insights/components");
        var workspace = snapshot.Single("Microsoft.OperationalInsights/workspaces");
        var app = snapshot.Single(ContainerApp);
        var variable = Environment(app)["APPLICATIONINSIGHTS_CONNECTION_STRING"];

        Assert.Null(variable["value"]);
        var secretName = (string?)variable["secretRef"];
        var secret = Assert.Single(app["properties"]!["configuration"]!["secrets"]!.AsArray(), s => (string?)s!["name"] == secretName)!;
        Assert.Equal($"[{DeploymentSnapshot.ReferenceTo(component)}.ConnectionString]", (string?)secret["value"]);
        Assert.Equal((string?)workspace["id"], (string?)component["properties"]!["WorkspaceResourceId"]);
        Assert.Null(secret["keyVaultUrl"]);
    }

    [Fact]
    public async Task Worker_HasNoIngressByDefault_AndOnlyInternalIngressWhenAsked()
    {
        var byDefault = (await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults)).Single(ContainerApp);
        var asked = (await infrastructure.SnapshotAsync(DeploymentScenarios.Everything)).Single(ContainerApp);
        var ingress = asked["properties"]!["configuration"]!["ingress"]!;

        Assert.Null(byDefault["properties"]!["configuration"]!["ingress"]);
        Assert.Equal((false, 8080, false), ((bool)ingress["external"]!, (int)ingress["targetPort"]!, (bool)ingress["allowInsecure"]!));
    }

    [Fact]
    public async Task Worker_AlwaysRunsOneReplica_InSingleRevisionMode_TaggedForAzd()
    {
        var app = (await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults)).Single(ContainerApp);

        Assert.Equal(1, (int)app["properties"]!["template"]!["scale"]!["minReplicas"]!);
        Assert.Equal("Single", (string?)app["properties"]!["configuration"]!["activeRevisionsMode"]);
        Assert.Equal("worker", (string?)app["tags"]!["azd-service-name"]);
        Assert.Equal("gn-test", (string?)app["tags"]!["azd-env-name"]);
    }

    [Fact]
    public async Task Worker_Probes_AreOffForThePlaceholderImage_AndOnThe8080HealthEndpointsForItsOwn()
    {
        var placeholder = (await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults)).Single(ContainerApp);
        var own = (await infrastructure.SnapshotAsync(DeploymentScenarios.WorkerWithItsImage)).Single(ContainerApp);
        var probes = Container(own)["probes"]!.AsArray()
            .Select(p => ((string?)p!["type"], (string?)p["httpGet"]!["path"], (int)p["httpGet"]!["port"]!))
            .ToArray();

        Assert.Empty(Container(placeholder)["probes"]!.AsArray());
        Assert.Equal([("Startup", "/healthz/live", 8080), ("Liveness", "/healthz/live", 8080), ("Readiness", "/healthz/ready", 8080)], probes);
        Assert.Equal("crtest.azurecr.io/graphnetworker/worker:azd-deploy-1", (string?)Container(own)["image"]);
    }

    [Fact]
    public async Task GraphAppRoles_AreGrantedFromBicepOnlyWhenAsked_AllSixOrTheThreeExchangeCannotScope()
    {
        const string assignment = "Microsoft.Graph/appRoleAssignedTo@v1.0";
        var byDefault = await infrastructure.SnapshotAsync(DeploymentScenarios.Defaults);
        var all = await infrastructure.SnapshotAsync(DeploymentScenarios.Everything);
        var scoped = await infrastructure.SnapshotAsync(DeploymentScenarios.ExchangeScoped);
        var identity = all.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

        Assert.DoesNotContain(byDefault.Resources, r => ((string?)r["type"])!.StartsWith("Microsoft.Graph/", StringComparison.Ordinal));
        Assert.Equal(6, all.OfType(assignment).Count);
        Assert.Equal(3, scoped.OfType(assignment).Count);
        Assert.All(all.OfType(assignment), a => Assert.Equal($"[{DeploymentSnapshot.ReferenceTo(identity)}.principalId]", (string?)a["properties"]!["principalId"]));

        // Which roles: the compiled lists the grant module is given (the snapshot leaves role ids to Graph).
        var roleLists = Templates(Main, "main")
            .SelectMany(t => t.Template["variables"]?.AsObject() ?? [])
            .Where(v => v.Key.EndsWith("Roles", StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value!.AsArray().Select(r => (string)r!).ToArray());
        Assert.Equal(GraphAppRoles.Order(StringComparer.Ordinal), roleLists["mailboxRoles"].Concat(roleLists["directoryAndTaskRoles"]).Order(StringComparer.Ordinal));
        Assert.Equal(GraphRolesExchangeCannotScope, roleLists["directoryAndTaskRoles"]);

        // The optional Teams permissions, granted only when asked (grantTeamsAppRolesInBicep).
        Assert.Equal(["Chat.ReadBasic.All", "CallRecords.Read.All"], roleLists["teamsReadBasicRoles"]);
        Assert.Equal(["Chat.Read.All", "CallRecords.Read.All"], roleLists["teamsReadAllRoles"]);
        Assert.Equal(4, roleLists.Count);
    }

    [Fact]
    public void GraphAppRoles_AreAssignedOnMicrosoftGraphsOwnServicePrincipal()
    {
        var graphModule = Templates(Main, "main").Single(t => t.Path.EndsWith("/graph-app-roles", StringComparison.Ordinal)).Template;
        var graph = graphModule["resources"]!.AsObject()["graph"]!;

        Assert.Equal(("Microsoft.Graph/servicePrincipals@v1.0", true, MicrosoftGraphAppId),
            ((string?)graph["type"], (bool)graph["existing"]!, (string?)graph["properties"]!["appId"]));
        Assert.Equal("[reference('graph').id]", (string?)graphModule["resources"]!["grants"]!["properties"]!["resourceId"]);
    }

    private JsonObject Main => infrastructure.MainTemplate ?? throw new InvalidOperationException("infra/main.bicep did not compile:\n" + infrastructure.Build.Describe());

    private static JsonObject Container(JsonObject app) => app["properties"]!["template"]!["containers"]!.AsArray().Single()!.AsObject();

    private static Dictionary<string, JsonObject> Environment(JsonObject app) =>
        Container(app)["env"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => (string)e["name"]!);

    private static string? Value(Dictionary<string, JsonObject> env, string name) =>
        env.TryGetValue(name, out var entry) ? (string?)entry["value"] : throw new KeyNotFoundException($"{name} is not set; set: {string.Join(", ", env.Keys)}");

    private static void AssertSameNames(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var unexpected = actual.Except(expected).ToArray();
        var missing = expected.Except(actual).ToArray();
        Assert.True(unexpected.Length == 0 && missing.Length == 0,
            $"The worker's environment is not its configuration contract. Not in the contract: [{string.Join(", ", unexpected)}]; missing: [{string.Join(", ", missing)}].");
    }

    private static bool IsSecureType(JsonNode? declaration) =>
        ((string?)declaration?["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A template and every template nested in it (modules compile to nested deployments).</summary>
    private static IEnumerable<(string Path, JsonObject Template)> Templates(JsonObject template, string path)
    {
        yield return (path, template);
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(r => r.Value),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if ((string?)resource?["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Templates(nested, $"{path}/{(string?)resource["name"]}"))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"password|secret|key", RegexOptions.IgnoreCase)]
    private static partial Regex SecretWords();

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"ConnectionString|InstrumentationKey|SharedKey|Password", RegexOptions.IgnoreCase)]
    private static partial Regex SecretProperties();
}
