using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;
using Microsoft.Graph;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>
/// Exchange RBAC for Applications scopes mail, calendar and settings to the opt-in group, not To Do: the scope the worker
/// reads must match what Exchange allows (direct or nested members), and a mailbox Exchange refuses gets nothing written.
/// The synthetic opt-in group holds half the mailbox users directly and the rest through a nested group.
/// </summary>
public sealed class ExchangeScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scope_ExchangeScopingDirect_ReadsTheGroupsDirectMembers_NestedMembersAreNotInScope()
    {
        await using var graph = await GraphFixture.StartAsync(settings: s => s["GraphNetworker:Scope:ExchangeScoping"] = "Direct");
        var (direct, nested) = await MembersAsync(graph);

        var members = await graph.Get<ScopeReader>().MembersAsync(Ct);

        Assert.Equal(direct.Order(StringComparer.Ordinal), members.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(members, m => nested.Contains(m.Id));
        Assert.Contains(graph.Emulator.Control.Requests, r => r.Url.Contains("/members/", StringComparison.Ordinal) && r.Url.Contains("graph.user", StringComparison.Ordinal) && r.Status == 200);
        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Url.Contains("transitiveMembers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("None")]
    [InlineData("Transitive")]
    public async Task Scope_WithoutDirectExchangeScoping_NestedMembersAreInScope(string scoping)
    {
        await using var graph = await GraphFixture.StartAsync(settings: s => s["GraphNetworker:Scope:ExchangeScoping"] = scoping);
        var (direct, nested) = await MembersAsync(graph);

        var members = await graph.Get<ScopeReader>().MembersAsync(Ct);

        Assert.Equal(direct.Concat(nested).Order(StringComparer.Ordinal), members.Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sync_ANestedMemberExchangeRefuses_FailsWithAClearReason_AndNothingIsWrittenToItsToDo_UntilExchangeAllowsIt()
    {
        await using var graph = await GraphFixture.StartAsync();
        var (_, nested) = await MembersAsync(graph);
        graph.Emulator.Control.SetExchangeApplicationScope(graph.Manifest.GroupId, ScopeMembership.Direct);
        var mailbox = Mailbox(graph, nested[0]);
        var now = graph.Clock.GetUtcNow();
        graph.Ledger.Add(Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now));

        var refused = await Assert.ThrowsAsync<MailboxOutOfScopeException>(() => graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct));
        var written = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);

        Assert.Equal((403, "ErrorAccessDenied"), (refused.ResponseStatusCode, refused.Error?.Code));
        Assert.Contains("Exchange scope", refused.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(OutlookResult.None, written);
        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Method == "POST" && r.Url.Contains("/todo/", StringComparison.Ordinal));
        Assert.Equal(SuggestionState.Pending, Assert.Single(graph.Ledger.Suggestions.Values).State);

        graph.Emulator.Control.SetExchangeApplicationScope(graph.Manifest.GroupId, ScopeMembership.Transitive);
        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var allowed = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);

        Assert.Equal(1, allowed.Tasks);
    }

    [Fact]
    public async Task Sync_DirectMembersUnderADirectExchangeScope_AreReadAndWritten()
    {
        await using var graph = await GraphFixture.StartAsync(settings: s => s["GraphNetworker:Scope:ExchangeScoping"] = "Direct");
        graph.Emulator.Control.SetExchangeApplicationScope(graph.Manifest.GroupId, ScopeMembership.Direct);
        var now = graph.Clock.GetUtcNow();

        foreach (var member in await graph.Get<ScopeReader>().MembersAsync(Ct))
        {
            var mailbox = Mailbox(graph, member.Id);
            graph.Ledger.Add(Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now));
            await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
            Assert.Equal(1, (await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct)).Tasks);
        }

        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Status == 403);
    }

    private static GraphNetworker.Core.Ports.MailboxProfile Mailbox(GraphFixture graph, string id)
    {
        var user = graph.Manifest.MailboxUsers.Single(u => u.Id == id);
        return new GraphNetworker.Core.Ports.MailboxProfile { Id = id, UserPrincipalName = user.Address, PrimaryAddress = user.Address, DisplayName = user.DisplayName };
    }

    /// <summary>The opt-in group's mailbox users, split into direct members and members through the nested group.</summary>
    private static async Task<(List<string> Direct, List<string> Nested)> MembersAsync(GraphFixture graph)
    {
        var direct = (await graph.Get<GraphServiceClient>().Groups[graph.Manifest.GroupId].Members.GraphUser.GetAsync(cancellationToken: Ct))!.Value!.Select(u => u.Id!).ToList();
        graph.Emulator.Control.ClearRequests();
        var nested = graph.Manifest.MailboxUsers.Select(u => u.Id!).Where(id => !direct.Contains(id)).ToList();
        Assert.NotEmpty(direct);
        Assert.NotEmpty(nested);
        return (direct, nested);
    }
}
