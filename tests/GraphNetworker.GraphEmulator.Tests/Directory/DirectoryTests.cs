using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Directory;

public sealed class DirectoryTests
{
    [Fact]
    public async Task GetUser_ByIdOrUpn_ReturnsSameUserWithSelectedProperties()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        string[] select = ["id", "displayName", "mail", "proxyAddresses", "accountEnabled", "jobTitle", "otherMails"];

        var byUpn = await graph.Users[TestTenants.Lee].GetAsync(c => c.QueryParameters.Select = select, TestContext.Current.CancellationToken);
        var byId = await graph.Users[TestTenants.LeeId].GetAsync(c => c.QueryParameters.Select = select, TestContext.Current.CancellationToken);

        Assert.Equal(byUpn!.Id, byId!.Id);
        Assert.Equal("Chief Financial Officer", byId.JobTitle);
        Assert.True(byId.AccountEnabled);
        Assert.Contains(byId.ProxyAddresses!, p => p.StartsWith("X500:", StringComparison.Ordinal));
        Assert.Empty(byId.OtherMails!);
    }

    [Fact]
    public async Task ListUsers_FilterProxyAddressesX500_ResolvesTheOwner()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var lee = await graph.Users[TestTenants.Lee].GetAsync(c => c.QueryParameters.Select = ["proxyAddresses"], TestContext.Current.CancellationToken);
        var x500 = lee!.ProxyAddresses!.Single(p => p.StartsWith("X500:", StringComparison.Ordinal));

        var found = await graph.Users.GetAsync(c =>
        {
            c.QueryParameters.Filter = $"proxyAddresses/any(p:p eq '{x500.ToUpperInvariant().Replace("X500:", "X500:", StringComparison.Ordinal)}')";
            c.QueryParameters.Select = ["id", "mail", "userPrincipalName"];
        }, TestContext.Current.CancellationToken);

        Assert.Equal(TestTenants.LeeId, Assert.Single(found!.Value!).Id);
    }

    [Fact]
    public async Task ListUsers_FilterMail_AndUnknownAddress_ReturnsOneThenNone()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var users = emulator.Graph().Users;

        var one = await users.GetAsync(c => c.QueryParameters.Filter = $"mail eq '{TestTenants.Dana}'", TestContext.Current.CancellationToken);
        var none = await users.GetAsync(c => c.QueryParameters.Filter = "mail eq 'nobody@contoso.com'", TestContext.Current.CancellationToken);

        Assert.Single(one!.Value!);
        Assert.Empty(none!.Value!);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("groups")]
    public async Task ListDirectory_MalformedFilter_Is400WithTheDirectoryErrorCode(string collection)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();

        var error = await Assert.ThrowsAsync<ODataError>(() => collection == "users"
            ? graph.Users.GetAsync(c => c.QueryParameters.Filter = "mail eq ", TestContext.Current.CancellationToken)
            : graph.Groups.GetAsync(c => c.QueryParameters.Filter = "mail eq ", TestContext.Current.CancellationToken));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("Request_UnsupportedQuery", error.Error!.Code);
    }

    [Fact]
    public async Task DeletedUser_GetIs404_ButListedUnderDeletedItems()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[TestTenants.Leaver].GetAsync(cancellationToken: TestContext.Current.CancellationToken));
        var deleted = await graph.Directory.DeletedItems.GraphUser.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        var listed = await graph.Users.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", error.Error!.Code);
        Assert.Equal(TestTenants.Leaver, Assert.Single(deleted!.Value!).UserPrincipalName);
        Assert.NotNull(deleted.Value![0].DeletedDateTime);
        Assert.DoesNotContain(listed!.Value!, u => u.UserPrincipalName == TestTenants.Leaver);
    }

    [Fact]
    public async Task TransitiveMembersUserCast_NestedGroup_ReturnsAllUsers()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var group = emulator.Graph().Groups[TestTenants.GroupId];

        var direct = await group.Members.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        var transitive = await group.TransitiveMembers.GraphUser.GetAsync(c =>
        {
            c.QueryParameters.Select = ["id", "mail"];
            c.QueryParameters.Count = true;
            c.Headers.Add("ConsistencyLevel", "eventual");
        }, TestContext.Current.CancellationToken);

        Assert.Equal(2, direct!.Value!.Count);
        Assert.Contains(direct.Value!, m => m is Microsoft.Graph.Models.Group);
        Assert.Equal(new[] { TestTenants.DanaId, TestTenants.LeeId }.Order(), transitive!.Value!.Select(u => u.Id!).Order());
        Assert.Equal(2, transitive.OdataCount);
    }

    [Fact]
    public async Task ListUsers_TopTwo_PagesWithNextLink()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();

        var (_, page1, _) = await http.GetJsonAsync("users?$top=2&$select=id");
        var (_, page2, _) = await http.GetJsonAsync(page1.Str("@odata.nextLink"));

        Assert.Equal(2, page1.Values().Count);
        Assert.Single(page2.Values());
        Assert.False(page2!.ContainsKey("@odata.nextLink"));
    }

    [Fact]
    public async Task ListUsers_TopOver999_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _, _) = await emulator.Http().GetJsonAsync("users?$top=1000");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task DisableUser_ThroughControl_AccountEnabledFalseButStillResolvable()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.DisableUser(TestTenants.Lee);

        var lee = await emulator.Graph().Users[TestTenants.Lee].GetAsync(c => c.QueryParameters.Select = ["accountEnabled"], TestContext.Current.CancellationToken);

        Assert.False(lee!.AccountEnabled);
    }
}
