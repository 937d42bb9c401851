using System.Text.RegularExpressions;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>
/// Least privilege, proven rather than claimed: the worker does everything it does (scope, directory, mail and
/// calendar sync, Teams chats and calls, To Do tasks, coffee holds, read-back) under exactly the roles it asks for,
/// and each of those roles is used: without any one of them, some request is refused. The six required roles alone
/// are enough for everything but Teams, whose sources are each refused once and then left alone. The emulator
/// checks roles per endpoint family, from the permission pages (docs/emulator.md).
/// </summary>
public sealed partial class PermissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The roles the worker can use with Teams on, under the strict emulator: the chat preview needs Chat.Read.All there.</summary>
    private static readonly string[] WithTeams = [.. GraphPermissions.Application, GraphPermissions.ChatPreviewFallback, "CallRecords.Read.All"];

    [Fact]
    public async Task TheRequiredRoles_AreEnoughForMailCalendarAndOutlook_OnlyTheOptionalTeamsSourcesAreRefused()
    {
        var refused = await RunEverythingAsync(GraphPermissions.Application);

        // One refusal per optional source, then it is off: no further request, and nothing else refused.
        Assert.Equal(["GET GET communications/callRecords", "GET GET users/{u}/chats"], refused.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheRequiredAndOptionalRoles_AreEnoughForEverything_NoRequestIsRefused()
    {
        var refused = await RunEverythingAsync(WithTeams);

        Assert.Empty(refused);
    }

    [Fact]
    public async Task ChatReadBasicAll_IsEnough_WhereTheTenantServesThePreviewUnderIt()
    {
        var refused = await RunEverythingAsync([.. GraphPermissions.Application, .. GraphPermissions.OptionalTeams], o => o.ChatPreviewUnderReadBasic = ChatPreviewUnderReadBasic.Served);

        Assert.Empty(refused);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EachRoleAskedFor_IsUsed_WithoutItARequestIsRefused(string role)
    {
        var refused = await RunEverythingAsync([.. WithTeams.Where(r => r != role)]);

        Assert.NotEmpty(refused);
    }

    [Fact]
    public void TheAdminGuideAndTheDeployment_GrantExactlyTheRolesAskedFor()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "GraphNetworker.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root not found");
        }

        var guide = File.ReadAllText(Path.Combine(root.FullName, "docs", "admin-guide.md"));
        var table = TableRole().Matches(guide).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var optional = OptionalTableRole().Matches(guide).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(GraphPermissions.Application.Order(StringComparer.Ordinal), table.Order(StringComparer.Ordinal));
        Assert.Equal(GraphPermissions.OptionalTeams.Append(GraphPermissions.ChatPreviewFallback).Order(StringComparer.Ordinal), optional.Order(StringComparer.Ordinal));
        foreach (var script in new[] { "infra/resources.bicep", "deploy/grant-graph-permissions.ps1", "deploy/grant-graph-permissions.sh" })
        {
            var text = File.ReadAllText(Path.Combine(root.FullName, script));
            Assert.All(GraphPermissions.Application.Concat(GraphPermissions.OptionalTeams).Append(GraphPermissions.ChatPreviewFallback),
                role => Assert.Matches($@"(?<![\w.]){Regex.Escape(role)}(?![\w.])", text));
        }
    }

    [Fact]
    public async Task TheAdminGuidesEndpointTable_ListsEveryCallOfAFullCycle_EachGrantedByARoleAskedFor()
    {
        var table = EndpointTable(File.ReadAllText(Path.Combine(RepositoryRoot().FullName, "docs", "admin-guide.md")));
        var asked = GraphPermissions.Application.Concat(GraphPermissions.OptionalTeams).Append(GraphPermissions.ChatPreviewFallback).ToHashSet(StringComparer.Ordinal);

        var (called, refused) = await RunEverythingWithEndpointsAsync(WithTeams);

        Assert.Empty(refused);
        Assert.Contains("GET users/{u}/mailFolders/{f}/messages/delta", called);
        Assert.Contains("POST users/{u}/todo/lists/{l}/tasks/{t}/checklistItems", called);
        Assert.Equal([], called.Where(c => !table.ContainsKey(c)).Order(StringComparer.Ordinal));
        Assert.All(table, row => Assert.True(row.Value.Count == 0 || row.Value.Any(asked.Contains), $"{row.Key} is granted by {string.Join(", ", row.Value)}"));
        Assert.True(table.Count >= called.Count, "the table lists at least every call the cycle made");
    }

    public static TheoryData<string> Roles() => [.. WithTeams];

    /// <summary>The guide's call table: each call (method and path, as the emulator names routes) and the roles in its "Granted by" column.</summary>
    private static Dictionary<string, List<string>> EndpointTable(string guide)
    {
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in guide.Split('\n').Where(l => CallRow().IsMatch(l)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            var granted = Backticked().Matches(cells[^2]).Select(m => m.Groups[1].Value).Where(r => r.Contains('.', StringComparison.Ordinal)).ToList();
            foreach (var call in Backticked().Matches(cells[1]).Select(m => m.Groups[1].Value))
            {
                var space = call.IndexOf(' ', StringComparison.Ordinal);
                rows[call[..space] + " " + call[(space + 1)..].TrimStart('/')] = granted;
            }
        }

        return rows;
    }

    private static DirectoryInfo RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "GraphNetworker.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root not found");
        }

        return root;
    }

    private static async Task<(HashSet<string> Called, List<string> Refused)> RunEverythingWithEndpointsAsync(IReadOnlyList<string> roles)
    {
        HashSet<string> called = [];
        var refused = await RunEverythingAsync(roles, null, requests => called = requests.Select(r => r.Endpoint).OfType<string>().ToHashSet(StringComparer.Ordinal));
        return (called, refused);
    }

    /// <summary>Scope, directory, a full sync and a second cycle, one task and one hold written, then read back; the refused requests.</summary>
    private static async Task<List<string>> RunEverythingAsync(IReadOnlyList<string> roles, Action<GraphFidelityOptions>? fidelity = null, Action<IReadOnlyList<RecordedRequest>>? requests = null)
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o =>
        {
            o.TokenRoles[GraphEmulatorOptions.DeveloperToken] = new TokenGrant { Roles = [.. roles] };
            fidelity?.Invoke(o.Fidelity);
        });
        var mailbox = graph.Mailbox();
        var now = graph.Clock.GetUtcNow();
        await Attempt(() => graph.Get<ScopeReader>().MembersAsync(Ct));
        await Attempt(() => graph.Get<DirectoryReader>().ReadAsync(Ct));
        await Attempt(() => graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct));
        graph.Ledger.Add(Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now));
        graph.Ledger.Add(Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now));
        var session = graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id));
        await Attempt(() => session.WritePendingAsync(Ct));
        graph.Clock.Advance(TimeSpan.FromHours(1));
        await Attempt(() => graph.Get<MailboxSync>().SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct));
        await Attempt(() => graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).ReadBackAsync(Ct));
        requests?.Invoke(graph.Emulator.Control.Requests);
        return [.. graph.Emulator.Control.Requests.Where(r => r.Status == 403).Select(r => $"{r.Method} {r.Endpoint}")];
    }

    /// <summary>A step refused for want of a role fails; the run goes on so every endpoint is asked.</summary>
    private static async Task Attempt(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is Microsoft.Kiota.Abstractions.ApiException or OutlookWriteException or FolderDiscoveryException)
        {
        }
    }

    [GeneratedRegex(@"^\| `(GET|POST|DELETE|PATCH) /")]
    private static partial Regex CallRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^\| `([A-Za-z]+\.[A-Za-z.]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRole();

    [GeneratedRegex(@"^\| `([A-Za-z]+\.[A-Za-z.]+)` \(optional\) \|", RegexOptions.Multiline)]
    private static partial Regex OptionalTableRole();
}
