using System.Text;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;

namespace GraphNetworker.Worker.Tests.Pipeline;

/// <summary>Teams as a source, end to end through the real worker: metadata only, optional, and what it changes for the user.</summary>
public sealed class TeamsCycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cycle_ChatPreviewsHoldText_ItAppearsNowhereInTheDatabaseOrTheLogs()
    {
        const string Secret = "CONFIDENTIAL: the Bluebird acquisition closes Friday";
        await using var harness = await WorkerHarness.StartAsync("synthetic:users=2,months=6,seed=7");
        var control = harness.Emulator.Control;
        var owner = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var colleague = harness.Manifest.Colleagues[^1].Address;
        var chat = control.StartChat([owner, colleague], createdAt: harness.Time.GetUtcNow().AddDays(-30));
        control.PostChatMessage(chat, colleague, Secret, harness.Time.GetUtcNow().AddMinutes(-30));
        var texts = control.Chats(owner).Select(c => c["lastMessagePreview"]?["body"]?["content"]?.GetValue<string>()).OfType<string>().Distinct().ToList();

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.Failed);
        Assert.Contains(harness.Interactions(harness.MailboxIdOf(owner)), i => i.Item.ItemId.StartsWith("teams-chat:" + chat + "@", StringComparison.Ordinal));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = string.Concat(Directory.GetFiles(harness.DataFolder, "*.db*", SearchOption.AllDirectories).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        var logs = string.Join('\n', harness.Logs.Entries.Select(e => e.Message));
        Assert.Contains(chat, database, StringComparison.Ordinal); // the scan reads the real file
        Assert.Contains(Secret, texts);
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain(text, database, StringComparison.Ordinal);
            Assert.DoesNotContain(text, logs, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Cycle_WithoutTheTeamsPermissions_BehavesExactlyAsWithTeamsOff()
    {
        var refused = await OutcomeAsync(roles: [.. GraphPermissions.Application], teams: true);
        // The same mail roles on both sides (under Mail.ReadBasic.All, list headers are not served): only Teams differs.
        var off = await OutcomeAsync(roles: [.. GraphPermissions.Application, .. GraphPermissions.OptionalTeams, GraphPermissions.ChatPreviewFallback], teams: false);

        Assert.Equal(0, refused.Failed);
        Assert.Equal(off.Relationships, refused.Relationships);
        Assert.Equal(off.Suggestions, refused.Suggestions);
        Assert.Equal(off.Stored, refused.Stored);
        Assert.Contains(refused.Logs, l => l.Contains("Teams Chats are off", StringComparison.Ordinal));
        Assert.DoesNotContain(refused.Stored, s => s.Contains("|teams-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cycle_WithTeams_TheColleagueWhoMostlyChatsIsOkWithATeamsLastContact_AndNotSuggested()
    {
        var outcome = await OutcomeAsync(roles: null, teams: true);

        Assert.Equal(RelationshipStatus.Ok, outcome.Chatty.Status);
        Assert.Contains(outcome.Chatty.LastContact!.Channel, new[] { ContactChannel.TeamsChatSent, ContactChannel.TeamsChatReceived });
        Assert.True(outcome.Now - outcome.Chatty.LastContact.At < TimeSpan.FromDays(7));
        Assert.DoesNotContain(outcome.Suggestions, s => s.EndsWith("|" + outcome.Chatty.PersonKey, StringComparison.Ordinal));
        Assert.True(outcome.Stored.Count(s => s.Contains("|teams-chat:", StringComparison.Ordinal)) > 0);
    }

    [Fact]
    public async Task Cycle_TeamsIsReadOnlyForTheOptInGroup_ExchangeScopingDoesNotCoverIt()
    {
        // One mailbox in scope out of three; Exchange's application scope (which Teams ignores) is not what keeps the others out.
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Scope:OptInGroupId"] = string.Empty;
            s["GraphNetworker:Scope:Mailboxes:0"] = "astrid.purdy@contoso.com";
        });

        await harness.RunCycleAsync(Ct);

        using var db = harness.Db();
        var inScope = db.Mailboxes.Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var requests = harness.Emulator.Control.Requests;
        var chats = requests.Where(r => r.Endpoint?.Contains("/chats", StringComparison.Ordinal) == true).ToList();
        var calls = requests.Where(r => r.Endpoint == "GET communications/callRecords").ToList();
        Assert.NotEmpty(chats);
        Assert.Equal(inScope.Count, calls.Count);
        Assert.All(chats, r => Assert.Contains(inScope, id => r.Url.Contains("/users/" + id + "/chats", StringComparison.OrdinalIgnoreCase)));
        Assert.All(calls, r => Assert.Contains(inScope, id => Uri.UnescapeDataString(r.Url).Contains("p/id eq '" + id + "'", StringComparison.OrdinalIgnoreCase)));
        Assert.Single(inScope);
        Assert.Contains(harness.Emulator.Control.Chats("astrid.purdy@contoso.com").SelectMany(c => c["members"]!.AsArray()), m => m!["userId"]!.GetValue<string>() is { } id && !inScope.Contains(id) && harness.Manifest.MailboxUsers.Any(u => u.Id == id));
    }

    [Fact]
    public async Task QuietCycle_LeavesTeamsForLater_ButTheMailboxIsNeverScoredWithoutReadingItFirst()
    {
        await using var harness = await WorkerHarness.StartAsync("synthetic:users=2,months=6,seed=7", settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        var control = harness.Emulator.Control;
        var owner = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var colleague = harness.Manifest.Colleagues[^1].Address;
        await harness.RunCycleAsync(Ct);
        var mailbox = harness.MailboxIdOf(owner);
        var chat = control.StartChat([owner, colleague], createdAt: harness.Time.GetUtcNow().AddMinutes(-10));
        control.PostChatMessage(chat, colleague, "lunch?", harness.Time.GetUtcNow().AddMinutes(-5));
        bool IsChatRead(RecordedRequest r) => r.Url.Contains("/users/" + mailbox + "/chats", StringComparison.OrdinalIgnoreCase);
        bool IsStored() => harness.Interactions(mailbox).Any(i => i.Item.ItemId.StartsWith("teams-chat:" + chat + "@", StringComparison.Ordinal));

        // Nothing new in the mailbox: its assessment still holds, so its chats wait for their interval.
        var quietFrom = control.Requests.Count;
        await harness.RunCycleAsync(Ct);
        Assert.DoesNotContain(control.Requests.Skip(quietFrom), IsChatRead);
        Assert.False(IsStored());

        // New mail makes the mailbox due: its chats are read in the same cycle, before it is scored.
        control.AddMessage(owner, "inbox", Mail.From("new.client@adatum.com", "New Client", owner, harness.Time.GetUtcNow().AddMinutes(-1)));
        var dueFrom = control.Requests.Count;
        var report = await harness.RunCycleAsync(Ct);
        Assert.Equal(1, report.Scored);
        Assert.Contains(control.Requests.Skip(dueFrom), IsChatRead);
        Assert.True(IsStored());
    }

    private sealed record Outcome(
        int Failed, List<string> Relationships, List<string> Suggestions, List<string> Stored, List<string> Logs, RelationshipAssessment Chatty, DateTimeOffset Now);

    /// <summary>One cycle of the demo tenant: the first mailbox's relationships, suggestions and stored items as comparable lines.</summary>
    private static async Task<Outcome> OutcomeAsync(string[]? roles, bool teams)
    {
        await using var harness = await WorkerHarness.StartAsync(
            emulator: o =>
            {
                if (roles is not null)
                {
                    o.TokenRoles[new GraphNetworker.Graph.GraphOptions().EmulatorToken] = new TokenGrant { Roles = [.. roles] };
                }
            },
            settings: s =>
            {
                s["GraphNetworker:Sync:TeamsChats"] = teams ? "true" : "false";
                s["GraphNetworker:Sync:TeamsCalls"] = teams ? "true" : "false";
            });
        var report = await harness.RunCycleAsync(Ct);
        var facts = harness.Manifest.Mailboxes[0];
        var mailbox = harness.MailboxIdOf(facts.UserPrincipalName);
        var relationships = harness.Relationships().Where(r => r.MailboxId == mailbox).ToList();
        var chatty = relationships.Single(r => r.PersonKey == facts.ChattyColleague).Value;
        return new Outcome(
            report.Failed,
            [.. relationships.Select(r => $"{r.PersonKey}|{r.Status}|{r.Value.LastContact?.At:O}|{r.Value.LastContact?.Channel}|{Math.Round(r.Value.Strength)}|{r.Value.Tier}")],
            [.. harness.Suggestions().Where(s => s.MailboxId == mailbox).Select(s => $"{s.Kind}|{s.PersonKey}")],
            [.. harness.Interactions(mailbox).Select(i => $"{i.FolderId}|{i.GraphId}").Order(StringComparer.Ordinal)],
            [.. harness.Logs.Entries.Select(e => e.Message)],
            chatty,
            harness.Time.GetUtcNow());
    }
}
