using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Directory;

/// <summary>Directory queries that need ConsistencyLevel: eventual and $count=true (Microsoft's advanced-query page).</summary>
public sealed class AdvancedQueryTests
{
    private const string Cast = "groups/" + TestTenants.GroupId + "/transitiveMembers/microsoft.graph.user";

    private static async Task<(int Status, JsonObject? Body)> GetAsync(HttpClient http, string url, bool eventual)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (eventual)
        {
            request.Headers.TryAddWithoutValidation("ConsistencyLevel", "eventual");
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, JsonNode.Parse(text) as JsonObject);
    }

    [Fact]
    public async Task TransitiveMembersCast_WithoutAdvancedParameters_Sdk_Is400UnsupportedQuery()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var error = await Assert.ThrowsAsync<ODataError>(() => emulator.Graph().Groups[TestTenants.GroupId].TransitiveMembers.GraphUser.GetAsync(
            c => c.QueryParameters.Select = ["id"], TestContext.Current.CancellationToken));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("Request_UnsupportedQuery", error.Error!.Code);
    }

    [Theory]
    [InlineData("?$count=true", false)]
    [InlineData("", true)]
    public async Task TransitiveMembersCast_HeaderOrCountMissing_Is400(string query, bool eventual)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body) = await GetAsync(emulator.Http(), Cast + query, eventual);

        Assert.Equal(400, status);
        Assert.Equal("Request_UnsupportedQuery", body!["error"].Str("code"));
        Assert.NotNull(body["error"]!["innerError"]!["request-id"]);
    }

    [Fact]
    public async Task TransitiveMembersCast_LegacyFidelity_WorksWithoutThem()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.AdvancedQueries = AdvancedQueryRule.NotRequired);

        var (status, body) = await GetAsync(emulator.Http(), Cast + "?$count=true", eventual: false);

        Assert.Equal(200, status);
        Assert.Equal(2, body.Values().Count);
        Assert.Equal(2, body!["@odata.count"]!.GetValue<int>());
    }

    [Fact]
    public async Task TransitiveMembersCast_HeaderRepeatedOnEveryPage_ReadsAllPages()
    {
        await using var emulator = await TestEmulator.StartAsync(ManyMembers(5));
        var http = emulator.Http();

        var ids = new List<string>();
        var url = Cast + "?$count=true&$select=id&$top=2";
        var pages = 0;
        while (url is not null)
        {
            var (status, body) = await GetAsync(http, url, eventual: true);
            Assert.Equal(200, status);
            Assert.Equal(7, body!["@odata.count"]!.GetValue<int>());
            ids.AddRange(body.Values().Select(v => v.Str("id")));
            url = body["@odata.nextLink"] is { } next ? http.Relative(next.GetValue<string>()) : null;
            pages++;
        }

        Assert.Equal(4, pages);
        Assert.Equal(7, ids.Distinct().Count());
    }

    [Fact]
    public async Task TransitiveMembersCast_NextLinkWithoutHeader_Is400InvalidPageToken()
    {
        await using var emulator = await TestEmulator.StartAsync(ManyMembers(5));
        var http = emulator.Http();
        var (_, first) = await GetAsync(http, Cast + "?$count=true&$top=2", eventual: true);

        var (status, body) = await GetAsync(http, http.Relative(first!["@odata.nextLink"]!.GetValue<string>()), eventual: false);

        Assert.Equal(400, status);
        Assert.Equal("Request_UnsupportedQuery", body!["error"].Str("code"));
        Assert.Contains("page token", body["error"].Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListUsers_CountWithoutHeader_IsIgnoredSilently()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();

        var (plain, withoutHeader) = await GetAsync(http, "users?$count=true", eventual: false);
        var (_, withHeader) = await GetAsync(http, "users?$count=true", eventual: true);

        Assert.Equal(200, plain);
        Assert.False(withoutHeader!.ContainsKey("@odata.count"));
        Assert.Equal(withHeader.Values().Count, withHeader!["@odata.count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("users?$select=id,mail&$top=999", 200)]
    [InlineData("users?$filter=accountEnabled eq false", 200)]
    [InlineData("users?$filter=startswith(displayName,'Dana')", 200)]
    [InlineData("users?$orderby=displayName", 200)]
    [InlineData("groups?$select=id,displayName,mail,proxyAddresses,mailEnabled&$top=999", 200)]
    [InlineData("directory/deletedItems/microsoft.graph.user?$select=id,deletedDateTime&$top=999", 200)]
    [InlineData("directory/deletedItems/microsoft.graph.user?$orderby=userPrincipalName", 200)]
    [InlineData("groups/" + TestTenants.GroupId + "/members/microsoft.graph.user", 200)]
    [InlineData("users?$filter=accountEnabled ne true", 400)]
    [InlineData("users?$filter=not(accountEnabled eq true)", 400)]
    [InlineData("users?$filter=endswith(mail,'@contoso.com')", 400)]
    [InlineData("users?$filter=startswith(displayName,'D')&$orderby=displayName", 400)]
    [InlineData("users?$orderby=createdDateTime", 400)]
    [InlineData("groups?$orderby=deletedDateTime", 400)]
    [InlineData("directory/deletedItems/microsoft.graph.user?$orderby=deletedDateTime desc", 400)]
    [InlineData("groups/" + TestTenants.GroupId + "/transitiveMembers?$filter=startswith(displayName,'D')", 400)]
    [InlineData("users?$search=\"displayName:Dana\"", 400)]
    public async Task DirectoryQuery_WithoutAdvancedParameters_AnswersAsTheAdvancedQueryPageSays(string url, int expected)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();

        var (without, body) = await GetAsync(http, url, eventual: false);
        var (with, _) = await GetAsync(http, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "$count=true", eventual: true);

        Assert.True(expected == without, $"{url}: {without} {body?.ToJsonString()}");
        Assert.Equal(200, with);
        if (expected == 400)
        {
            Assert.Equal("Request_UnsupportedQuery", body!["error"].Str("code"));
        }
    }

    [Fact]
    public async Task ListUsers_SearchWithHeaderButNoCount_IsAccepted()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _) = await GetAsync(emulator.Http(), "users?$search=\"displayName:Dana\"", eventual: true);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Batch_StepCarryingConsistencyLevel_ReadsTheCastMembers()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var batch = new JsonObject
        {
            ["requests"] = new JsonArray(
                new JsonObject { ["id"] = "1", ["method"] = "GET", ["url"] = "/" + Cast + "?$count=true", ["headers"] = new JsonObject { ["ConsistencyLevel"] = "eventual" } },
                new JsonObject { ["id"] = "2", ["method"] = "GET", ["url"] = "/" + Cast + "?$count=true" }),
        };

        var (status, body, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", batch);

        Assert.Equal(200, status);
        var responses = ((JsonArray)body!["responses"]!).ToDictionary(r => r.Str("id"), r => r!["status"]!.GetValue<int>());
        Assert.Equal(200, responses["1"]);
        Assert.Equal(400, responses["2"]);
    }

    private static TenantSnapshot ManyMembers(int extra)
    {
        var snapshot = TestTenants.Small();
        var members = (JsonArray)((JsonObject)((JsonArray)snapshot.Tenant["groups"]!)[0]!)["members"]!;
        for (var i = 0; i < extra; i++)
        {
            var id = $"3f1c2a4e-0000-4000-8000-1000000000{i:D2}";
            snapshot.AddUser(TestTenants.User(id, $"member{i}@contoso.com", "Member " + i, "UTC", "Engineer"));
            members.Add(id);
        }

        return snapshot;
    }
}
