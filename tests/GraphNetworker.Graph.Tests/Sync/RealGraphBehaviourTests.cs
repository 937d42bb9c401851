using System.Globalization;
using System.Text.Json.Nodes;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>
/// Sync under what real Graph does and a mirror of the worker would not: calendar views that fail when wide, calendar
/// delta that never ends, updates that carry only what changed, headers refused under Mail.ReadBasic.All, and the
/// advanced-query rules of the directory (docs/emulator.md, Fidelity; these are the emulator's defaults).
/// </summary>
public sealed class RealGraphBehaviourTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calendar_TwoYearsOfHistory_ReadInWindowsThatGraphAnswers_NoneWiderThan360Days()
    {
        await using var graph = await GraphFixture.StartAsync("synthetic:users=2,months=24,seed=7");
        var mailbox = graph.Mailbox();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var views = graph.Emulator.Control.Requests.Where(r => r.Url.Contains("calendarView/delta", StringComparison.Ordinal) && r.Url.Contains("startDateTime", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(views);
        Assert.All(views, v => Assert.True(v.Status == 200, $"{v.Status} for {v.Url}"));
        Assert.All(views, v => Assert.InRange(WindowOf(v.Url).TotalDays, 1, 360));
        var windows = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Calendar).OrderBy(c => c.WindowStart).ToList();
        Assert.True(windows.Count >= 3, "two years back and sixty days ahead take three windows");
        Assert.Equal(graph.Clock.GetUtcNow() - TimeSpan.FromDays(730), windows[0].WindowStart);
        Assert.All(windows.Zip(windows.Skip(1)), pair => Assert.Equal(pair.First.WindowEnd, pair.Second.WindowStart));
        Assert.All(windows, w => Assert.NotNull(w.DeltaLink));
        Assert.Equal(0, result.IncompleteRounds);
        var oldest = graph.Store.Items(mailbox.Id).Where(i => i.Item.Kind == InteractionKind.Meeting).Min(i => i.Item.OccurredAt);
        Assert.True(oldest < graph.Clock.GetUtcNow() - TimeSpan.FromDays(400), $"the oldest meeting read is from {oldest}: history beyond the first window is missing");
    }

    [Fact]
    public async Task Calendar_AWorkerStoppedBetweenTrackingAHistoryWindowAndStartingIt_TheNextSyncReadsTheWholeCalendar()
    {
        // What a worker killed mid-sync leaves: the oldest history window tracked, its round never started (no bounds),
        // and the current window not yet placed. Every later sync of the mailbox used to fail on the window's bounds.
        await using var graph = await GraphFixture.StartAsync("synthetic:users=2,months=24,seed=7");
        var mailbox = graph.Mailbox();
        var oldest = SyncCursor.CalendarHistoryFolderId(graph.Clock.GetUtcNow() - TimeSpan.FromDays(730));
        await graph.Store.TrackFolderAsync(mailbox.Id, new MailFolder(SyncCursor.CalendarFolderId, "Calendar", null, "calendar"), FolderKind.Calendar, Ct);
        await graph.Store.TrackFolderAsync(mailbox.Id, new MailFolder(oldest, "Calendar history", null, "calendar"), FolderKind.Calendar, Ct);

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var windows = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Calendar && !c.IsRemoved).OrderBy(c => c.WindowStart).ToList();
        Assert.All(windows, w => Assert.NotNull(w.WindowStart));
        Assert.All(windows, w => Assert.NotNull(w.DeltaLink));
        Assert.Equal(graph.Clock.GetUtcNow() - TimeSpan.FromDays(730), windows[0].WindowStart);
        Assert.Equal((0, 0), (result.IncompleteRounds, result.CalendarWindowsFailed));
        var earliest = graph.Store.Items(mailbox.Id).Where(i => i.Item.Kind == InteractionKind.Meeting).Min(i => i.Item.OccurredAt);
        Assert.True(earliest < graph.Clock.GetUtcNow() - TimeSpan.FromDays(400), $"the oldest meeting read is from {earliest}: the interrupted window's history is missing");
    }

    [Fact]
    public async Task Calendar_WindowMovesForward_MeetingsItLeavesBehindStayAsHistory_AndEachWindowCostsOneRequest()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var meetings = Meetings(graph, mailbox);

        graph.Clock.Advance(TimeSpan.FromDays(30));
        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);
        graph.Emulator.Control.ClearRequests();
        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        var windows = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Calendar).ToList();
        var current = windows.Single(c => c.FolderId == SyncCursor.CalendarFolderId);
        Assert.Equal(graph.Clock.GetUtcNow() + TimeSpan.FromDays(60), current.WindowEnd);
        Assert.Subset(Meetings(graph, mailbox).Keys.ToHashSet(StringComparer.Ordinal), meetings.Where(m => m.Value >= graph.Clock.GetUtcNow() - TimeSpan.FromDays(730)).Select(m => m.Key).ToHashSet(StringComparer.Ordinal));
        Assert.True(windows.Count > 1);

        // Right after, only the current window is read; the history windows, wholly in the past, twice a day: one request each.
        Assert.Equal(1, graph.Emulator.Control.Requests.Count(r => r.Url.Contains("calendarView/delta", StringComparison.Ordinal)));
        graph.Clock.Advance(TimeSpan.FromHours(13));
        graph.Emulator.Control.ClearRequests();
        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);
        Assert.Equal(windows.Count, graph.Emulator.Control.Requests.Count(r => r.Url.Contains("calendarView/delta", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Calendar_DeltaThatNeverEnds_RoundStopsOnTheRepeatedPage_MailIsStillRead()
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o => o.Fidelity.EndlessCalendarDeltaMailboxes = ["*"]);
        var mailbox = graph.Mailbox();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        Assert.True(result.IncompleteRounds >= 1);
        var calendarPages = graph.Emulator.Control.Requests.Count(r => r.Url.Contains("calendarView/delta", StringComparison.Ordinal));
        Assert.InRange(calendarPages, 1, 200);
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Item.Kind == InteractionKind.Meeting);
        Assert.All((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Mail), c => Assert.NotNull(c.DeltaLink));
    }

    [Fact]
    public async Task Calendar_RoundsAreCappedFarBelowMail_ALongCalendarRoundStopsAtItsCap_MailRoundsComplete()
    {
        await using var graph = await GraphFixture.StartAsync(settings: s =>
        {
            s["GraphNetworker:Graph:MaxPageSize"] = "10";
            s["GraphNetworker:Sync:MaxCalendarPagesPerRound"] = "2";
        });
        var mailbox = graph.Mailbox();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        Assert.True(new SyncOptions().MaxCalendarPagesPerRound * 20 <= new SyncOptions().MaxPagesPerRound);
        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        var calendar = cursors.Where(c => c.Kind == FolderKind.Calendar).ToList();
        Assert.Null(calendar.Single(c => c.FolderId == SyncCursor.CalendarFolderId).DeltaLink);
        Assert.InRange(graph.Emulator.Control.Requests.Count(r => r.Url.Contains("calendarView/delta", StringComparison.Ordinal)), 2, 2 * calendar.Count);
        Assert.True(result.IncompleteRounds >= 1);
        Assert.All(cursors.Where(c => c.Kind == FolderKind.Mail), c => Assert.NotNull(c.DeltaLink));
        Assert.True(graph.Store.Items(mailbox.Id).Count(i => i.Item.Kind != InteractionKind.Meeting) > 20, "mail rounds of more than two pages complete");
    }

    [Fact]
    public async Task Calendar_WindowsGraphRefusesWith503_AreHalvedDownToWhatItServes_AndStaySoWhenTheWindowMoves()
    {
        await using var graph = await GraphFixture.StartAsync(
            emulator: o => o.Fidelity.CalendarWindowServiceUnavailableAbove = TimeSpan.FromDays(100),
            settings: s => s["GraphNetworker:Graph:RetryBaseDelay"] = "00:00:00");
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();

        var first = await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        Assert.Equal(0, first.CalendarWindowsFailed);
        var windows = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Calendar && !c.IsRemoved).OrderBy(c => c.WindowStart).ToList();
        Assert.All(windows, w => Assert.NotNull(w.DeltaLink));
        Assert.All(windows, w => Assert.InRange((w.WindowEnd - w.WindowStart)!.Value.TotalDays, 30, 100));
        Assert.All(windows.Zip(windows.Skip(1)), pair => Assert.Equal(pair.First.WindowEnd, pair.Second.WindowStart));
        Assert.Equal(graph.Clock.GetUtcNow() - new SyncOptions().BackfillWindow, windows[0].WindowStart);
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Item.Kind == InteractionKind.Meeting && i.Item.OccurredAt < graph.Clock.GetUtcNow() - TimeSpan.FromDays(120));

        graph.Clock.Advance(TimeSpan.FromDays(30));
        graph.Emulator.Control.ClearRequests();
        var moved = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.Equal(0, moved.CalendarWindowsFailed);
        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Status == 503);
        var current = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.FolderId == SyncCursor.CalendarFolderId);
        Assert.Equal((graph.Clock.GetUtcNow() + TimeSpan.FromDays(60), windows[^1].WindowEnd - windows[^1].WindowStart), (current.WindowEnd!.Value, current.WindowEnd - current.WindowStart));
    }

    [Fact]
    public async Task Calendar_GraphRefusesEveryWindow_MailIsRead_AndTheMailboxStillWritesAndReadsBack()
    {
        await using var graph = await GraphFixture.StartAsync(
            emulator: o => o.Fidelity.CalendarWindowServiceUnavailableAbove = TimeSpan.FromDays(5),
            settings: s => s["GraphNetworker:Graph:RetryBaseDelay"] = "00:00:00");
        var mailbox = graph.Mailbox();
        var now = graph.Clock.GetUtcNow();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        Assert.True(result.CalendarUnavailable);
        Assert.All((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Mail), c => Assert.NotNull(c.DeltaLink));
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Item.Kind == InteractionKind.EmailReceived);
        var task = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now);
        var hold = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now);
        graph.Ledger.Add(task);
        graph.Ledger.Add(hold);
        var session = graph.Get<GraphNetworker.Graph.Outlook.OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id));
        await session.ReadBackAsync(Ct);
        var written = await session.WritePendingAsync(Ct);

        Assert.Equal((1, 1, 0), (written.Tasks, written.Holds, written.Failed));
        graph.Clock.Advance(TimeSpan.FromHours(1));
        await graph.Get<GraphNetworker.Graph.Outlook.OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).ReadBackAsync(Ct);
        Assert.Equal(SuggestionState.Open, graph.Ledger.Suggestions[hold.Id].State);
    }

    [Fact]
    public async Task Mail_UpdatesCarryingOnlyWhatChanged_KeepTheStoredItem_AndAChangeThatMattersIsReadWhole()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        var at = graph.Clock.GetUtcNow().AddDays(-2);
        var read = graph.Emulator.Control.AddMessage(mailbox.UserPrincipalName, "inbox", Message("ann@fabrikam.com", mailbox.UserPrincipalName, at));
        var moved = graph.Emulator.Control.AddMessage(mailbox.UserPrincipalName, "inbox", Message("ben@fabrikam.com", mailbox.UserPrincipalName, at));
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var before = graph.Store.Items(mailbox.Id).ToDictionary(i => i.Item.ItemId, i => i.Item);

        graph.Emulator.Control.UpdateMessage(mailbox.UserPrincipalName, read, new JsonObject { ["isRead"] = true, ["subject"] = "Re: lunch" });
        graph.Emulator.Control.UpdateMessage(mailbox.UserPrincipalName, moved, new JsonObject { ["inferenceClassification"] = "other" });
        graph.Emulator.Control.ClearRequests();
        var result = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.Equal(0, result.Rejected);
        var after = graph.Store.Items(mailbox.Id).ToDictionary(i => i.Item.ItemId, i => i.Item);
        Assert.Equal(before.Count, after.Count);
        var ann = after.Values.Single(i => i.Participants.Any(p => p.Address == "ann@fabrikam.com"));
        Assert.Equal(before[ann.ItemId].OccurredAt, ann.OccurredAt);
        Assert.Equal(BulkSignals.None, ann.Bulk);
        var ben = after.Values.Single(i => i.Participants.Any(p => p.Address == "ben@fabrikam.com"));
        Assert.True(ben.Bulk.HasFlag(BulkSignals.ClassifiedOther));
        Assert.Equal(before[ben.ItemId].OccurredAt, ben.OccurredAt);
    }

    /// <summary>
    /// Delta is per folder ("Delta query is a per-folder operation", Microsoft's delta-query-messages page): a move is a
    /// removal in the old folder and a new, whole item in the new one, with the same immutable id (twentyhq/twenty#25751,
    /// microsoftgraph/microsoft-graph-docs#21752), never a partial update naming the new folder. The stored row follows
    /// the move whichever folder's round runs first (removals apply only to the folder that reports them).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mail_AMoveBetweenReadFolders_IsARemovalThereAndANewItemHere_StoredOnceInItsNewFolder(bool toDeletedItems)
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        var message = graph.Emulator.Control.AddMessage(mailbox.UserPrincipalName, "inbox", Message("mover@fabrikam.com", mailbox.UserPrincipalName, graph.Clock.GetUtcNow().AddDays(-2)));
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        var inbox = cursors.Single(c => c.WellKnownName == "inbox").FolderId;
        var projects = cursors.Single(c => c.DisplayName == "Projects").FolderId;
        var before = graph.Store.Items(mailbox.Id).Single(i => i.Item.Participants.Any(p => p.Address == "mover@fabrikam.com"));
        Assert.Equal(inbox, before.Folder);

        graph.Emulator.Control.MoveMessage(mailbox.UserPrincipalName, message, toDeletedItems ? "deleteditems" : projects);
        graph.Emulator.Control.ClearRequests();
        var result = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.Equal(0, result.Rejected);
        var after = graph.Store.Items(mailbox.Id).Where(i => i.Item.Participants.Any(p => p.Address == "mover@fabrikam.com")).ToList();
        if (toDeletedItems)
        {
            Assert.Empty(after);
        }
        else
        {
            var moved = Assert.Single(after);
            Assert.Equal((projects, before.Item.ItemId, before.Item.OccurredAt), (moved.Folder, moved.Item.ItemId, moved.Item.OccurredAt));
        }
    }

    [Fact]
    public async Task Mail_HeadersRefusedUnderMailReadBasic_AskedOnceMore_ThenNeverAgain_AndEveryFolderIsRead()
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o =>
        {
            o.Fidelity.InternetMessageHeadersUnderReadBasic = ReadBasicInternetMessageHeaders.Refused403;
            o.TokenRoles[GraphEmulatorOptions.DeveloperToken] = new TokenGrant { Roles = [.. GraphFixture.LeastPrivilegeRoles] };
        });
        var mailbox = graph.Mailbox();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var second = graph.Mailbox(1);
        graph.Emulator.Control.ClearRequests();
        await graph.Get<MailboxSync>().SyncAsync(second, new HeldLease(second.Id), Ct);

        Assert.Equal(0, result.IncompleteRounds);
        Assert.All((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind == FolderKind.Mail), c => Assert.NotNull(c.DeltaLink));
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Item.Kind == InteractionKind.EmailReceived);
        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Status == 403);
        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Url.Contains("internetMessageHeaders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scope_TransitiveMembersCast_AskedAsAnAdvancedQuery_OnEveryPage()
    {
        await using var graph = await GraphFixture.StartAsync("synthetic:users=3,months=1,seed=3");

        var members = await graph.Get<ScopeReader>().MembersAsync(Ct);

        Assert.Equal(graph.Manifest.MailboxUsers.Count, members.Count);
        var asked = graph.Emulator.Control.Requests.Where(r => r.Url.Contains("transitiveMembers", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(asked);
        Assert.All(asked, r => Assert.Equal(("eventual", 200), (r.Header("ConsistencyLevel"), r.Status)));
        Assert.All(asked, r => Assert.Contains("count=true", Uri.UnescapeDataString(r.Url), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scope_AConfiguredMailboxThatDoesNotExist_IsLeftOut_TheOthersAreRead()
    {
        string? real = null;
        await using var graph = await GraphFixture.StartAsync(settings: s =>
        {
            s["GraphNetworker:Scope:OptInGroupId"] = null;
            s["GraphNetworker:Scope:Mailboxes:0"] = "left.long.ago@contoso.com";
        });
        real = graph.Manifest.MailboxUsers[0].Address;
        var options = graph.Get<Microsoft.Extensions.Options.IOptions<ScopeOptions>>().Value;
        options.Mailboxes.Add(real);

        var members = await graph.Get<ScopeReader>().MembersAsync(Ct);

        Assert.Equal([graph.Manifest.MailboxUsers[0].Id], members.Select(m => m.Id));
    }

    private static Dictionary<string, DateTimeOffset> Meetings(GraphFixture graph, MailboxProfile mailbox) =>
        graph.Store.Items(mailbox.Id).Where(i => i.Item.Kind == InteractionKind.Meeting).ToDictionary(i => i.Item.ItemId, i => i.Item.OccurredAt, StringComparer.Ordinal);

    private static TimeSpan WindowOf(string url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url[url.IndexOf('?', StringComparison.Ordinal)..]);
        return DateTimeOffset.Parse(query["endDateTime"]!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(query["startDateTime"]!, CultureInfo.InvariantCulture);
    }

    private static JsonObject Message(string sender, string to, DateTimeOffset at) => new()
    {
        ["internetMessageId"] = $"<{Guid.NewGuid():N}@test.example>",
        ["subject"] = "Lunch",
        ["from"] = new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = sender, ["name"] = sender } },
        ["sender"] = new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = sender, ["name"] = sender } },
        ["toRecipients"] = new JsonArray(new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = to } }),
        ["receivedDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["sentDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["inferenceClassification"] = "focused",
        ["isDraft"] = false,
        ["isRead"] = false,
    };
}
