using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator.Tests.Conformance;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>
/// The worker's side of the schema: every request the adapter sends in a whole cycle (scope, directory, folder
/// discovery, mail and calendar delta, series masters, mailbox settings, To Do, free/busy, holds, read-back) addresses
/// something Microsoft's v1.0 schema has, and every <c>$select</c>, <c>$expand</c> and <c>$filter</c> names properties
/// the addressed type declares. The emulator answers only what it models; this checks what we ask.
/// </summary>
public sealed class WorkerRequestConformanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRequestOfAWholeCycle_NamesOnlyWhatTheV1SchemaDeclares()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox() with { TimeZone = "W. Europe Standard Time" };
        var now = graph.Clock.GetUtcNow();
        await graph.Get<ScopeReader>().MembersAsync(Ct);
        await graph.Get<DirectoryReader>().ReadAsync(Ct);
        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        graph.Ledger.Add(Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now));
        graph.Ledger.Add(Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now));
        await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);
        await graph.Get<MailboxSync>().SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);
        await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).ReadBackAsync(Ct);

        var requests = graph.Emulator.Control.Requests.Where(r => !r.Url.Contains("$batch", StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count > 20, $"only {requests.Count} requests");
        var problems = requests
            .Select(r => (r.Method, Path: r.Url.StartsWith("/v1.0/", StringComparison.Ordinal) ? r.Url["/v1.0/".Length..] : r.Url))
            .Distinct()
            .SelectMany(r => CsdlSchema.V1.CheckRequest(r.Path).Select(p => $"{r.Method} {r.Path}: {p}"))
            .ToList();
        Assert.Empty(problems);
    }
}
