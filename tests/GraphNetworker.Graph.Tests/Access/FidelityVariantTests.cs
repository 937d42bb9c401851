using System.Reflection;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;
using Microsoft.Graph;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>
/// Where Graph's behaviour is uncertain the emulator offers each variant as a value of a fidelity option; the adapter
/// must work under every one. Each case changes one behaviour from the strict default and runs everything the worker
/// does: scope, directory, two syncs with changes between, a task and a hold written, read back.
/// </summary>
public sealed class FidelityVariantTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (var property in typeof(GraphFidelityOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var strict = property.GetValue(GraphFidelityOptions.Strict);
            var values = property.PropertyType.IsEnum ? Enum.GetValues(property.PropertyType).Cast<object>()
                : property.PropertyType == typeof(bool) ? [true, false]
                : [];
            foreach (var value in values.Where(v => !Equals(v, strict)))
            {
                data.Add(property.Name, value.ToString()!);
            }
        }

        data.Add(nameof(GraphFidelityOptions.EndlessCalendarDeltaMailboxes), "*");
        data.Add(nameof(GraphFidelityOptions.CalendarWindowServiceUnavailableAbove), "none");
        return data;
    }

    [Fact]
    public void Variants_CoverEveryBehaviour()
    {
        var covered = Variants().Select(row => row.Data.Item1).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(GraphFidelityOptions.Behaviours.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Worker_UnderThisVariant_ReadsEverything_WritesOneTaskWithOneStep_AndReadsItBackUnchanged(string behaviour, string value)
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o =>
        {
            o.TokenRoles[GraphEmulatorOptions.DeveloperToken] = new TokenGrant { Roles = [.. GraphPermissions.Application, .. GraphPermissions.OptionalTeams] };
            Set(o.Fidelity, behaviour, value);
        });
        var mailbox = graph.Mailbox() with { TimeZone = "Tokyo Standard Time" };
        var now = graph.Clock.GetUtcNow();

        Assert.NotEmpty(await graph.Get<ScopeReader>().MembersAsync(Ct));
        Assert.NotEmpty((await graph.Get<DirectoryReader>().ReadAsync(Ct)).Users);
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var stored = graph.Store.Items(mailbox.Id).Count;
        var someMail = graph.Store.Items(mailbox.Id).First(i => i.Item.Kind == InteractionKind.EmailReceived).Item.ItemId;
        graph.Emulator.Control.UpdateMessage(mailbox.UserPrincipalName, someMail, new System.Text.Json.Nodes.JsonObject { ["isRead"] = true });
        graph.Clock.Advance(TimeSpan.FromHours(1));
        var second = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.Equal(0, second.Rejected);
        Assert.Equal(stored, graph.Store.Items(mailbox.Id).Count);
        Assert.All((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Mail), c => Assert.NotNull(c.DeltaLink));
        var chats = graph.Store.Items(mailbox.Id).Count(i => i.Item.Kind is InteractionKind.TeamsChatSent or InteractionKind.TeamsChatReceived);
        Assert.True(graph.Emulator.Control.Settings.Fidelity.ChatPreviewUnderReadBasic == ChatPreviewUnderReadBasic.Served ? chats > 0 : chats == 0, $"{chats} chats");
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Item.Kind == InteractionKind.TeamsCall);

        var task = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now);
        var hold = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now);
        graph.Ledger.Add(task);
        graph.Ledger.Add(hold);
        var written = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);
        await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).ReadBackAsync(Ct);

        Assert.Equal((1, 1, 0), (written.Tasks, written.Holds, written.Failed));
        var readTask = graph.Ledger.Suggestions[task.Id];
        Assert.Equal((SuggestionState.Open, (DateTimeOffset?)null), (readTask.State, readTask.UserDueAt));
        Assert.Equal(SuggestionState.Open, graph.Ledger.Suggestions[hold.Id].State);
        var tasks = await graph.Get<GraphServiceClient>().Users[mailbox.Id].Todo.Lists[readTask.GraphListId].Tasks.GetAsync(c => c.QueryParameters.Expand = ["checklistItems"], Ct);
        Assert.Single(Assert.Single(tasks!.Value!).ChecklistItems!);
    }

    private static void Set(GraphFidelityOptions fidelity, string behaviour, string value)
    {
        var property = typeof(GraphFidelityOptions).GetProperty(behaviour)!;
        object? parsed = behaviour switch
        {
            nameof(GraphFidelityOptions.EndlessCalendarDeltaMailboxes) => new List<string> { value },
            nameof(GraphFidelityOptions.CalendarWindowServiceUnavailableAbove) => null,
            _ when property.PropertyType.IsEnum => Enum.Parse(property.PropertyType, value),
            _ => bool.Parse(value),
        };
        property.SetValue(fidelity, parsed);
    }
}
