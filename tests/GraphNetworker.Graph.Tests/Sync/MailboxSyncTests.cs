using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>Mailbox sync through the real SDK against the emulator, into an in-memory store: the adapter needs no database.</summary>
public sealed class MailboxSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncAsync_FirstRun_EveryReadFolderAndTheCalendarCompleteWithDeltaLinks()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.All(cursors, c => Assert.Equal((true, (string?)null), (c.DeltaLink is not null, c.NextLink)));
        Assert.Contains(cursors, c => c.Kind == FolderKind.Calendar);
        Assert.Contains(cursors, c => c.WellKnownName == "sentitems");
        Assert.DoesNotContain(cursors, c => c.DisplayName is "Deleted Items" or "Junk Email" or "Drafts" or "Outbox");
        var items = graph.Store.Items(mailbox.Id);
        Assert.Equal(result.Items - result.Removed, items.Count);
        Assert.Contains(items, i => i.Item.Kind == InteractionKind.EmailSent);
        Assert.Contains(items, i => i.Item.Kind == InteractionKind.Meeting);
        Assert.All(items, i => Assert.Null(i.Item.Subject));
        Assert.Single(graph.Store.Settings);
    }

    [Fact]
    public async Task SyncAsync_FirstRun_EachRoundStartsWithItsFirstPage_AndTheCalendarsWindowsAreTrackedInOneWrite()
    {
        // A backfill's fixed cost in the store: no write of its own before a folder's first page, one for all the windows.
        await using var graph = await GraphFixture.StartAsync("synthetic:users=2,months=24,seed=7");
        var mailbox = graph.Mailbox();

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var cursors = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Where(c => c.Kind is FolderKind.Mail or FolderKind.Calendar).ToList();
        Assert.True(cursors.Count(c => c.Kind == FolderKind.Calendar) > 1, "two years of calendar are read in more than one window");
        Assert.Equal((0, 1), (graph.Store.StartedAlone, graph.Store.WindowWrites));
        Assert.All(cursors, c => Assert.Equal((1, false, true), (c.Generation, c.FullRound, c.DeltaLink is not null)));
        var starts = graph.Store.Committed.Where(p => p.Start is not null).Select(p => p.FolderId).ToList();
        Assert.Equal(starts.Count, starts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(cursors.Select(c => c.FolderId).Order(StringComparer.Ordinal), starts.Order(StringComparer.Ordinal));
        var calendar = cursors.Single(c => c.FolderId == SyncCursor.CalendarFolderId);
        Assert.Equal(graph.Clock.GetUtcNow() + TimeSpan.FromDays(60), calendar.WindowEnd);
    }

    [Fact]
    public async Task SyncAsync_FirstRunPrunesNothing_ARefreshLaterDropsWhatAgedOutOfTheWindow()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();

        // The first sync holds nothing older than the window it reads: no delete in its backfill.
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        Assert.Equal(0, graph.Store.Prunes);

        graph.Clock.Advance(TimeSpan.FromDays(400));
        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() - TimeSpan.FromDays(1) }, new HeldLease(mailbox.Id), Ct);
        Assert.Equal(1, graph.Store.Prunes);
        Assert.DoesNotContain(graph.Store.Items(mailbox.Id), i => i.Item.OccurredAt < graph.Clock.GetUtcNow() - TimeSpan.FromDays(730));
    }

    [Fact]
    public async Task SyncAsync_Discovery_SendsTheFolderListAndSettingsBesideTheFirstEnvelope_ThreeRoundTripsInAll()
    {
        // The nine well-known names go in envelopes of 1, 4 and 4: the envelope of one, the folder list and the settings
        // are three of the mailbox's four requests, and both full envelopes wait for them (never more than four at once).
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var requests = graph.Emulator.Control.Requests.OrderBy(r => r.Sequence).ToList();
        var envelopes = requests.Where(r => r.BatchRequestId is null && r.Url.EndsWith("/$batch", StringComparison.Ordinal)).ToList();
        Assert.Equal([1, 4, 4], envelopes.Select(e => requests.Count(r => r.BatchRequestId == e.RequestId)));
        var list = requests.First(r => r.Method == "GET" && r.Url.Contains("/mailFolders?", StringComparison.Ordinal));
        var settings = requests.Single(r => r.Url.Contains("/mailboxSettings", StringComparison.Ordinal));
        Assert.True(list.Sequence < envelopes[1].Sequence && settings.Sequence < envelopes[1].Sequence,
            string.Join('\n', requests.Take(12).Select(r => $"{r.Sequence} {r.Method} {r.Url}")));
        Assert.InRange(graph.Emulator.Control.Statistics.Mailboxes.Values.Max(m => m.MaxConcurrency), 1, 4);
    }

    [Fact]
    public async Task SyncAsync_SecondRunWithNothingNew_OneRequestPerFolderAndCalendar()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var stored = graph.Store.Items(mailbox.Id).Count;
        graph.Emulator.Control.ClearRequests();

        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        // One request per folder, the calendar's current window and each Teams list; the calendar's history windows
        // (wholly in the past) are read twice a day, not every run.
        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.Equal(cursors.Count(c => c.Kind != FolderKind.Calendar || c.FolderId == SyncCursor.CalendarFolderId), graph.Emulator.Control.Requests.Count);
        Assert.Equal(stored, graph.Store.Items(mailbox.Id).Count);
    }

    [Fact]
    public async Task SyncAsync_DeltaTokensExpired_ResyncsWithoutDuplicates()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var before = graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal).ToList();

        graph.Emulator.Control.InvalidateDeltaTokens();
        var result = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.True(result.Resyncs > 0);
        Assert.Equal(before, graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_EveryPage_KeepsTheLeaseAlive()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var lease = new HeldLease(mailbox.Id);

        await graph.Get<MailboxSync>().SyncAsync(mailbox, lease, Ct);

        Assert.Equal(graph.Store.Committed.Count, lease.Kept);
    }

    [Fact]
    public async Task SyncAsync_JunkCannotBeIdentified_NoFolderIsRead()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            PathPattern = "mailFolders/junkemail", Kind = GraphNetworker.GraphEmulator.FaultKind.Throttle429, RetryAfter = TimeSpan.Zero, Count = 0,
        });

        var refused = await Assert.ThrowsAsync<FolderDiscoveryException>(() => graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct));

        Assert.Contains("junkemail", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await graph.Store.CursorsAsync(mailbox.Id, Ct));
        Assert.Empty(graph.Store.Items(mailbox.Id));
    }

    [Fact]
    public async Task SyncAsync_WellKnownFolders_AskedForInBatchesOfAtMostFourSteps()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var batches = graph.Emulator.Control.Requests.Where(r => r.Url.Contains("$batch", StringComparison.Ordinal) && r.BatchRequestId is null).ToList();
        var steps = graph.Emulator.Control.Requests.Where(r => r.BatchRequestId is not null).GroupBy(r => r.BatchRequestId).ToList();
        Assert.All(steps, batch => Assert.True(batch.Count() <= 4));
        Assert.Equal(3, batches.Count);
        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.Equal(["archive", "inbox", "sentitems"], cursors.Select(c => c.WellKnownName).OfType<string>().Where(n => n != "calendar").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.NotEnabledForRest, "MailboxNotEnabledForRESTAPI", false)]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.NotEnabledForRest, "MailboxNotEnabledForRESTAPI", true)]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.InvalidUser, "ErrorInvalidUser", false)]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.InvalidUser, "ErrorInvalidUser", true)]
    public async Task SyncAsync_MailboxLevel404_FailsTheMailbox_AndDeletesNothing(GraphNetworker.GraphEmulator.MailboxCondition condition, string code, bool foldersDue)
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var items = graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal).ToList();
        var cursors = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Select(c => (c.FolderId, c.IsRemoved)).ToList();

        graph.Emulator.Control.SetMailboxCondition(mailbox.UserPrincipalName, condition);
        var failed = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() =>
            sync.SyncAsync(mailbox with { FoldersRefreshedAt = foldersDue ? null : graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct));

        Assert.Equal((404, code), (failed.ResponseStatusCode, failed.Error?.Code));
        Assert.Equal(items, graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal(cursors, (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Select(c => (c.FolderId, c.IsRemoved)));
    }

    [Fact]
    public async Task SyncAsync_AFolderDeletedForGood_IsRetired_ItsItemsDropped_AndTheOthersKept()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var projects = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.DisplayName == "Projects");
        var others = graph.Store.Items(mailbox.Id).Where(i => i.Folder != projects.FolderId).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Folder == projects.FolderId);

        graph.Emulator.Control.DeleteFolder(mailbox.UserPrincipalName, projects.FolderId);
        var result = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.Equal((1, true), (result.RetiredFolders, result.ShouldWait));
        Assert.True((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.FolderId == projects.FolderId).IsRemoved);
        Assert.DoesNotContain(graph.Store.Items(mailbox.Id), i => i.Folder == projects.FolderId);
        Assert.Equal(others, graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_AWellKnownFolderStepThrottledOnce_IsAskedAgain_AndItsAnswerKept()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            PathPattern = "mailFolders/sentitems", Kind = GraphNetworker.GraphEmulator.FaultKind.Throttle429, RetryAfter = TimeSpan.Zero, Count = 1,
        });

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var asked = graph.Emulator.Control.Requests.Where(r => r.BatchRequestId is not null && r.Url.Contains("mailFolders/sentitems", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], asked.Select(r => r.Status));
        var sent = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.WellKnownName == "sentitems");
        var fromSent = graph.Store.Items(mailbox.Id).Where(i => i.Folder == sent.FolderId).ToList();
        Assert.NotEmpty(fromSent);
        Assert.All(fromSent, i => Assert.Equal(InteractionKind.EmailSent, i.Item.Kind));
    }

    [Fact]
    public async Task SyncAsync_SentItemsCannotBeIdentified_NoFolderIsRead_RatherThanSentMailReadAsReceived()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            PathPattern = "mailFolders/sentitems", Kind = GraphNetworker.GraphEmulator.FaultKind.Throttle429, RetryAfter = TimeSpan.Zero, Count = 0,
        });

        var refused = await Assert.ThrowsAsync<FolderDiscoveryException>(() => graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct));

        Assert.Contains("sentitems", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await graph.Store.CursorsAsync(mailbox.Id, Ct));
        Assert.Empty(graph.Store.Items(mailbox.Id));
    }

    [Fact]
    public async Task SyncAsync_RssFeedsAndConversationHistory_AreNeverRead()
    {
        await using var graph = await GraphFixture.StartAsync();
        Assert.True(graph.Emulator.Control.Settings.Fidelity.RssFeedsFolder);
        var mailbox = graph.Mailbox();
        var folders = (await graph.Get<Microsoft.Graph.GraphServiceClient>().Users[mailbox.Id].MailFolders.GetAsync(cancellationToken: Ct))!.Value!;
        var rss = folders.Single(f => f.DisplayName == "RSS Feeds").Id!;
        var history = (await graph.Get<Microsoft.Graph.GraphServiceClient>().Users[mailbox.Id].MailFolders["conversationhistory"].GetAsync(cancellationToken: Ct))!.Id!;
        graph.Emulator.Control.AddMessage(mailbox.UserPrincipalName, rss, Message("feed@news.example", mailbox.UserPrincipalName, graph.Clock.GetUtcNow().AddDays(-1)));
        graph.Emulator.Control.AddMessage(mailbox.UserPrincipalName, "conversationhistory", Message("im.partner@fabrikam.com", mailbox.UserPrincipalName, graph.Clock.GetUtcNow().AddDays(-1)));
        graph.Emulator.Control.ClearRequests();

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.DoesNotContain(cursors, c => c.FolderId == rss || c.FolderId == history);
        Assert.DoesNotContain(graph.Store.Items(mailbox.Id), i => i.Item.Participants.Any(p => p.Address is "feed@news.example" or "im.partner@fabrikam.com"));
        Assert.DoesNotContain(graph.Emulator.Control.Requests, r => r.Url.Contains("/messages", StringComparison.Ordinal) &&
            (r.Url.Contains(rss, StringComparison.Ordinal) || r.Url.Contains(history, StringComparison.Ordinal) || r.Url.Contains("conversationhistory", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("RSS")]
    [InlineData("RSS newsletters I answer")]
    public async Task SyncAsync_AUsersOwnTopLevelFolderNamedWithRss_IsRead(string name)
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var folder = graph.Emulator.Control.AddFolder(mailbox.UserPrincipalName, name);
        graph.Emulator.Control.AddMessage(mailbox.UserPrincipalName, folder, Message("partner@fabrikam.com", mailbox.UserPrincipalName, graph.Clock.GetUtcNow().AddDays(-1)));

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        Assert.Contains(await graph.Store.CursorsAsync(mailbox.Id, Ct), c => c.FolderId == folder && c.DeltaLink is not null);
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Folder == folder && i.Item.Participants.Any(p => p.Address == "partner@fabrikam.com"));
    }

    [Theory]
    [InlineData("RSS Feeds", true)]
    [InlineData("rss-feeds", true)]
    [InlineData("RSS-Feeds", true)]
    [InlineData("Flux RSS", true)]
    [InlineData("RSS", false)]
    [InlineData("RSS clients", false)]
    [InlineData(null, false)]
    public void IsRssFeeds_ExchangesNamesOnly(string? name, bool expected) => Assert.Equal(expected, FolderDiscovery.IsRssFeeds(name));

    private static System.Text.Json.Nodes.JsonObject Message(string sender, string to, DateTimeOffset at) => new()
    {
        ["internetMessageId"] = $"<{Guid.NewGuid():N}@test.example>",
        ["subject"] = "Hello",
        ["from"] = new System.Text.Json.Nodes.JsonObject { ["emailAddress"] = new System.Text.Json.Nodes.JsonObject { ["address"] = sender, ["name"] = sender } },
        ["sender"] = new System.Text.Json.Nodes.JsonObject { ["emailAddress"] = new System.Text.Json.Nodes.JsonObject { ["address"] = sender, ["name"] = sender } },
        ["toRecipients"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["emailAddress"] = new System.Text.Json.Nodes.JsonObject { ["address"] = to } }),
        ["receivedDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["sentDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["inferenceClassification"] = "focused",
        ["isDraft"] = false,
        ["isRead"] = false,
    };
}
