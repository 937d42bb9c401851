using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Sync.Teams;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;

namespace GraphNetworker.Graph.Tests.Sync.Teams;

/// <summary>Teams chats and calls through the real SDK against the emulator: metadata only, incremental, optional.</summary>
public sealed class TeamsSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsChat(Interaction i) => i.Kind is InteractionKind.TeamsChatSent or InteractionKind.TeamsChatReceived;

    [Fact]
    public async Task Sync_SyntheticTenant_OneTouchPerChatAtItsLastMessage_CallsAsMeetings_MeetingsNotTwice()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var facts = graph.Manifest.Mailboxes[0];

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var teams = graph.Store.Items(mailbox.Id).Select(i => i.Item).Where(i => i.ItemId.StartsWith("teams-", StringComparison.Ordinal)).ToList();
        var chats = teams.Where(IsChat).ToList();
        var chatty = Assert.Single(chats, c => c.ParticipantCount == 2 && c.Participants.Any(p => p.Address == facts.ChattyColleague));
        Assert.True(graph.Clock.GetUtcNow() - chatty.OccurredAt < TimeSpan.FromDays(5));
        Assert.Contains(chatty.Participants, p => p.Address == mailbox.PrimaryAddress);
        Assert.Contains(chats, c => c.Participants.Any(p => p.DisplayName == facts.TeamsOutsider && p.Address.StartsWith("teams:", StringComparison.Ordinal)));
        Assert.Contains(chats, c => c.ParticipantCount > 15);
        Assert.All(chats, c => Assert.True(graph.Clock.GetUtcNow() - c.OccurredAt < TimeSpan.FromDays(730), "a chat silent for longer than the history window is not read"));
        Assert.Equal(6, chats.Count); // chatty, weekly colleague, group, community, outsider, the other mailbox user (no meeting chat, none silent for 800 days)
        var calls = teams.Where(i => i.Kind == InteractionKind.TeamsCall).ToList();
        // A peer-to-peer and an ad hoc group call each way with the other mailbox user (its chatty colleague is this one);
        // never a meeting's call (it has a join link) or one past the 30 days call records are kept.
        Assert.Equal(4, calls.Count);
        Assert.Equal(2, calls.Count(c => c.ParticipantCount == 2));
        Assert.Contains(calls, c => c.ParticipantCount == 2 && c.Participants.Any(p => p.Address == facts.ChattyColleague));
    }

    [Fact]
    public async Task Sync_PreviewsHoldText_NoneOfItReachesTheStore()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var chat = graph.Emulator.Control.StartChat([mailbox.UserPrincipalName, graph.Manifest.Colleagues[^1].Address]);
        graph.Emulator.Control.PostChatMessage(chat, graph.Manifest.Colleagues[^1].Address, "CONFIDENTIAL merger codename Bluebird");

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var stored = JsonSerializer.Serialize(graph.Store.Items(mailbox.Id).Select(i => i.Item).ToList());
        Assert.Contains(ChatMapper.ItemId(chat, graph.Clock.GetUtcNow()), stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Bluebird", stored, StringComparison.Ordinal);
        foreach (var line in graph.Emulator.Control.Chats(mailbox.UserPrincipalName).Select(c => c["lastMessagePreview"]?["body"]?["content"]?.GetValue<string>()).OfType<string>())
        {
            Assert.DoesNotContain(line, stored, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sync_SecondCycleWithNothingNew_OneChatPageAndOneCallListAndNothingElse()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var stored = graph.Store.Items(mailbox.Id).Count;
        graph.Clock.Advance(TimeSpan.FromHours(1));
        graph.Emulator.Control.ClearRequests();

        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        var teams = graph.Emulator.Control.Requests.Where(r => r.Endpoint is { } e && (e.Contains("chats", StringComparison.Ordinal) || e.Contains("callRecords", StringComparison.Ordinal))).ToList();
        Assert.Equal(["GET communications/callRecords", "GET users/{u}/chats"], teams.Select(r => r.Endpoint!).Order(StringComparer.Ordinal));
        Assert.Equal(stored, graph.Store.Items(mailbox.Id).Count);
    }

    [Fact]
    public async Task Sync_NewMessages_SameDayMovesTheTouch_NextDayAddsOne_AndLastUpdatedDateTimeNeverHadToMove()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var colleague = graph.Manifest.Colleagues[^1].Address;
        var chat = graph.Emulator.Control.StartChat([mailbox.UserPrincipalName, colleague], createdAt: graph.Clock.GetUtcNow().AddDays(-200));
        var sync = graph.Get<MailboxSync>();
        graph.Emulator.Control.PostChatMessage(chat, colleague, "morning", graph.Clock.GetUtcNow().AddHours(-3));
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        graph.Clock.Advance(TimeSpan.FromHours(1));
        graph.Emulator.Control.PostChatMessage(chat, mailbox.UserPrincipalName, "reply");
        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);
        var sameDay = Touches(graph, mailbox.Id, chat);
        graph.Clock.Advance(TimeSpan.FromDays(1));
        graph.Emulator.Control.PostChatMessage(chat, colleague, "next day");
        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);
        var nextDay = Touches(graph, mailbox.Id, chat);

        var touch = Assert.Single(sameDay);
        Assert.Equal((InteractionKind.TeamsChatSent, graph.Clock.GetUtcNow().AddDays(-1)), (touch.Kind, touch.OccurredAt));
        Assert.Equal(2, nextDay.Count);
        Assert.Equal(InteractionKind.TeamsChatReceived, nextDay.MaxBy(t => t.OccurredAt)!.Kind);
    }

    [Fact]
    public async Task Sync_WithoutTheTeamsRoles_ReadsMailAndCalendarExactlyAsWithTeamsOff()
    {
        var withoutRoles = await StoredAsync([.. GraphPermissions.Application], teamsOn: true);
        var teamsOff = await StoredAsync([.. GraphPermissions.Application, .. GraphPermissions.OptionalTeams, GraphPermissions.ChatPreviewFallback], teamsOn: false);

        Assert.NotEmpty(withoutRoles.Items);
        Assert.Equal(teamsOff.Items, withoutRoles.Items);
        Assert.Equal(0, withoutRoles.Rejected);
        Assert.Equal([false, false], withoutRoles.States.Select(s => s.IsOn));
        Assert.Equal([false, false], teamsOff.States.Select(s => s.Configured));
    }

    [Fact]
    public async Task Sync_TeamsUnavailableForOneRound_MailboxStillSyncs_AndTheNextRoundCatchesUp()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new FaultRule { Kind = FaultKind.Status, Status = 500, Code = "InternalServerError", PathPattern = "/chats", Count = 10 });

        var first = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var chatsAfterFailure = graph.Store.Items(mailbox.Id).Count(i => IsChat(i.Item));
        graph.Emulator.Control.ClearFaults();
        graph.Clock.Advance(TimeSpan.FromHours(1));
        await graph.Get<MailboxSync>().SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.True(first.IncompleteRounds >= 1);
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Item.Kind == InteractionKind.EmailSent);
        Assert.Equal(0, chatsAfterFailure);
        Assert.Equal(6, graph.Store.Items(mailbox.Id).Count(i => IsChat(i.Item)));
    }

    [Fact]
    public async Task Sync_CutOffBetweenChatPages_ResumesFromTheCommittedPage_WithoutDuplicatesOrLosses()
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o => o.Throttling.TeamsRequestsPerSecond = 10_000);
        var mailbox = graph.Mailbox();
        var colleagues = graph.Manifest.Colleagues;
        var now = graph.Clock.GetUtcNow();
        for (var i = 0; i < 60; i++)
        {
            var chat = graph.Emulator.Control.StartChat([mailbox.UserPrincipalName, colleagues[i % colleagues.Count].Address, colleagues[(i + 1) % colleagues.Count].Address], topic: "Topic " + i);
            graph.Emulator.Control.PostChatMessage(chat, colleagues[i % colleagues.Count].Address, "text " + i, now.AddMinutes(-10 - i));
        }

        graph.Emulator.Control.AddFault(new FaultRule { Kind = FaultKind.Status, Status = 500, Code = "InternalServerError", PathPattern = "/chats\\?.*skiptoken", Count = 0 });
        var cut = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var afterCut = graph.Store.Items(mailbox.Id).Count(i => IsChat(i.Item));
        var cursor = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.FolderId == TeamsSync.ChatsCursorId);
        graph.Emulator.Control.ClearFaults();
        graph.Clock.Advance(TimeSpan.FromMinutes(5));
        await graph.Get<MailboxSync>().SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.True(cut.IncompleteRounds >= 1);
        Assert.Equal(50, afterCut);
        Assert.NotNull(cursor.NextLink);
        Assert.Null(cursor.DeltaLink);
        var chats = graph.Store.Items(mailbox.Id).Select(i => i.Item).Where(IsChat).ToList();
        Assert.Equal(60 + 6, chats.Count); // the 60 new chats and the synthetic tenant's six
        Assert.Equal(chats.Count, chats.Select(c => c.ItemId).Distinct().Count());
        Assert.NotNull((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.FolderId == TeamsSync.ChatsCursorId).DeltaLink);
    }

    private static List<Interaction> Touches(GraphFixture graph, string mailboxId, string chat) =>
        [.. graph.Store.Items(mailboxId).Select(i => i.Item).Where(i => i.ItemId.StartsWith("teams-chat:" + chat + "@", StringComparison.Ordinal))];

    private static async Task<(List<string> Items, int Rejected, IReadOnlyList<TeamsSourceState> States)> StoredAsync(string[] roles, bool teamsOn)
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o => o.TokenRoles[GraphEmulatorOptions.DeveloperToken] = new TokenGrant { Roles = [.. roles] });
        var options = graph.Get<Microsoft.Extensions.Options.IOptions<SyncOptions>>().Value;
        options.TeamsChats = teamsOn;
        options.TeamsCalls = teamsOn;
        var mailbox = graph.Mailbox();
        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var items = graph.Store.Items(mailbox.Id).Select(i => i.Folder + "|" + JsonSerializer.Serialize(i.Item)).Order(StringComparer.Ordinal).ToList();
        return (items, result.Rejected, graph.Get<TeamsAccess>().States());
    }
}
