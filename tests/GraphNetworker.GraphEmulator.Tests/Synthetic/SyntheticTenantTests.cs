using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Synthetic;

/// <summary>The realistic synthetic tenant: deterministic, and containing every pattern the engine must handle.</summary>
public sealed class SyntheticTenantTests : IAsyncLifetime
{
    private const string Spec = "synthetic:users=3,months=12,seed=42";
    private TestEmulator _emulator = null!;
    private SyntheticManifest _manifest = null!;
    private TenantSnapshot _snapshot = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(o => o.Tenant = Spec);
        _manifest = _emulator.Control.SyntheticManifest!;
        _snapshot = _emulator.Control.ExportSnapshot();
    }

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    private MailboxSnapshot FirstMailbox => _snapshot.Mailboxes[_manifest.MailboxUsers[0].Address];

    private static string? From(JsonObject m) => m["from"]?["emailAddress"]?["address"]?.GetValue<string>();

    private static DateTimeOffset Received(JsonObject m) => DateTimeOffset.Parse(m["receivedDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task SameSpecSameClock_ExportIsByteIdentical()
    {
        var a = Path.Combine(Path.GetTempPath(), "gn-syn-" + Guid.NewGuid().ToString("N"));
        var b = Path.Combine(Path.GetTempPath(), "gn-syn-" + Guid.NewGuid().ToString("N"));
        try
        {
            _emulator.Control.ExportSnapshot(a);
            await using (var again = await TestEmulator.StartAsync(o => o.Tenant = Spec))
            {
                again.Control.ExportSnapshot(b);
            }

            Tenants.SnapshotTests.AssertSameFiles(a, b);
        }
        finally
        {
            System.IO.Directory.Delete(a, true);
            System.IO.Directory.Delete(b, true);
        }
    }

    [Fact]
    public async Task DifferentSeed_ProducesDifferentPeople()
    {
        await using var other = await TestEmulator.StartAsync(o => o.Tenant = "synthetic:users=3,months=12,seed=43");

        Assert.NotEqual(_manifest.MailboxUsers[0].DisplayName, other.Control.SyntheticManifest!.MailboxUsers[0].DisplayName);
    }

    [Fact]
    public void Directory_HasExecutivesRoomAndX500ProxyAddresses()
    {
        var users = _snapshot.Tenant["users"]!.AsArray().OfType<JsonObject>().ToList();

        Assert.Contains(users, u => u.Str("jobTitle") == "Chief Financial Officer");
        Assert.Contains(users, u => u.Str("jobTitle").StartsWith("VP", StringComparison.Ordinal));
        Assert.All(users.Where(u => u["mailboxSettings"] is not null), u => Assert.Contains(u["proxyAddresses"]!.AsArray(), p => p!.GetValue<string>().StartsWith("X500:/o=ExchangeLabs", StringComparison.Ordinal)));
        Assert.Contains(users, u => u.Str("mail") == _manifest.RoomAddress);
        Assert.Equal(["Pacific Standard Time", "W. Europe Standard Time", "Eastern Standard Time"],
            _manifest.MailboxUsers.Select(p => users.Single(u => u.Str("id") == p.Id)["mailboxSettings"].Str("timeZone")));
    }

    [Fact]
    public async Task X500Senders_AppearAsFromAddressAndResolveThroughProxyAddresses()
    {
        var sender = _manifest.X500Senders[0];
        var messages = FirstMailbox.Messages.Values.SelectMany(m => m);

        var withX500 = messages.Where(m => From(m) == sender.X500Address).ToList();
        var resolved = await _emulator.Graph().Users.GetAsync(c => c.QueryParameters.Filter = $"proxyAddresses/any(p:p eq 'X500:{sender.X500Address}')", TestContext.Current.CancellationToken);

        Assert.NotEmpty(withX500);
        Assert.Equal(sender.UserId, Assert.Single(resolved!.Value!).Id);
    }

    [Fact]
    public async Task Leaver_IsDisabledAndLaterWritesFromNewDomainWithSameName()
    {
        var leaver = _manifest.Leaver!;
        var inbox = FirstMailbox.Messages["inbox"];

        var user = await _emulator.Graph().Users[leaver.Person.Id].GetAsync(c => c.QueryParameters.Select = ["accountEnabled", "displayName"], TestContext.Current.CancellationToken);
        var before = inbox.Concat(FirstMailbox.Messages.GetValueOrDefault("archive") ?? []).Where(m => From(m) == leaver.Person.Address).ToList();
        var after = inbox.Where(m => From(m) == leaver.NewAddress).ToList();

        Assert.False(user!.AccountEnabled);
        Assert.EndsWith("@" + leaver.NewDomain, leaver.NewAddress, StringComparison.Ordinal);
        Assert.NotEmpty(before);
        Assert.All(before, m => Assert.True(Received(m) < leaver.LeftAt));
        Assert.NotEmpty(after);
        Assert.All(after, m => Assert.True(Received(m) > leaver.LeftAt));
        Assert.All(after, m => Assert.Equal(leaver.Person.DisplayName, m["from"]!["emailAddress"].Str("name")));
    }

    [Fact]
    public void Newsletters_HaveListHeadersAndOtherClassification()
    {
        var newsletters = FirstMailbox.Messages["inbox"].Where(m => _manifest.NewsletterSenders.Contains(From(m))).ToList();

        Assert.True(newsletters.Count > 40);
        Assert.All(newsletters, m =>
        {
            Assert.Equal("other", m.Str("inferenceClassification"));
            var headers = m["internetMessageHeaders"]!.AsArray().Select(h => h.Str("name")).ToList();
            Assert.Contains("List-Unsubscribe", headers);
            Assert.Contains("List-Id", headers);
        });
    }

    [Fact]
    public void NoReplyDistributionListAndBroadcasts_ArePresent()
    {
        var inbox = FirstMailbox.Messages["inbox"];

        Assert.Contains(inbox, m => From(m)!.StartsWith("noreply@", StringComparison.Ordinal));
        Assert.Contains(inbox, m => From(m)!.StartsWith("notifications@", StringComparison.Ordinal));
        Assert.Contains(inbox, m => m["toRecipients"]!.AsArray().Any(r => r!["emailAddress"].Str("address") == _manifest.DistributionList));
        var broadcast = inbox.First(m => From(m) == _manifest.Executives[0].Address && m.Str("subject").StartsWith("All hands", StringComparison.Ordinal));
        Assert.True(broadcast["toRecipients"]!.AsArray().Count > 15);
    }

    [Fact]
    public void CopiesAcrossFolders_ShareInternetMessageIdWithDistinctIds()
    {
        var facts = _manifest.Mailboxes[0];
        var live = _snapshot.Mailboxes[facts.UserPrincipalName];
        var projectsKey = live.Messages.Keys.Single(k => !GraphNetworker.GraphEmulator.Mail.WellKnownFolders.IsWellKnown(k));

        foreach (var internetMessageId in facts.CopiedInternetMessageIds)
        {
            var inInbox = live.Messages["inbox"].Single(m => m.Str("internetMessageId") == internetMessageId);
            var inProjects = live.Messages[projectsKey].Single(m => m.Str("internetMessageId") == internetMessageId);
            Assert.NotEqual(inInbox.Str("id"), inProjects.Str("id"));
        }

        Assert.Equal(3, facts.CopiedInternetMessageIds.Count);
    }

    [Fact]
    public void Relationships_WeeklyIsRecentFadingIsOldColdIsNeverAnswered()
    {
        var facts = _manifest.Mailboxes[0];
        var all = FirstMailbox.Messages.Values.SelectMany(m => m).ToList();
        var now = _manifest.GeneratedAt;

        Assert.Contains(all, m => From(m) == facts.Weekly[0] && Received(m) > now.AddDays(-21));
        var fading = all.Where(m => From(m) == facts.Fading[0]).ToList();
        Assert.True(fading.Count > 10);
        Assert.All(fading, m => Assert.True(Received(m) < now.AddDays(-150)));
        foreach (var cold in facts.Cold)
        {
            Assert.Single(all, m => From(m) == cold);
            Assert.DoesNotContain(FirstMailbox.Messages["sentitems"], m => m["toRecipients"]!.AsArray().Any(r => r!["emailAddress"].Str("address") == cold));
        }
    }

    [Fact]
    public void Calendar_HasSeriesWithExceptionAndCancelledOccurrenceRoomDeclinedAndFutureMeetings()
    {
        var events = FirstMailbox.Events;
        var masterId = _manifest.Mailboxes[0].RecurringSeriesMasterId;

        var master = events.Single(e => e.Str("id") == masterId);
        var exceptions = events.Where(e => e["seriesMasterId"]?.GetValue<string>() == masterId).ToList();

        Assert.Equal("weekly", master["recurrence"]!["pattern"].Str("type"));
        Assert.Equal(2, exceptions.Count);
        Assert.Contains(exceptions, e => e["isCancelled"]!.GetValue<bool>());
        Assert.Contains(events, e => e["attendees"]!.AsArray().Any(a => a.Str("type") == "resource"));
        Assert.Contains(events, e => e["responseStatus"].Str("response") == "declined");
        Assert.Contains(events, e => e["attendees"]!.AsArray().Any(a => a!["status"].Str("response") == "declined"));
        Assert.Contains(events, e => e.Str("subject").StartsWith("Canceled: Quarterly", StringComparison.Ordinal) && e["isCancelled"]!.GetValue<bool>());
        Assert.Contains(events, e => e["attendees"]!.AsArray().Count > 15);
        Assert.Contains(events, e => DateTimeOffset.Parse(e["start"].Str("dateTime"), System.Globalization.CultureInfo.InvariantCulture) > _manifest.GeneratedAt.AddDays(1));
    }

    [Fact]
    public async Task Group_TransitiveMembersIncludeEveryMailboxUserThroughTheNestedGroup()
    {
        var members = await _emulator.Graph().Groups[_manifest.GroupId].TransitiveMembers.GraphUser.GetAsync(c =>
        {
            c.QueryParameters.Count = true;
            c.Headers.Add("ConsistencyLevel", "eventual");
        }, TestContext.Current.CancellationToken);
        var direct = await _emulator.Graph().Groups[_manifest.GroupId].Members.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(_manifest.MailboxUsers.Select(u => u.Id).Order(), members!.Value!.Select(u => u.Id).Order());
        Assert.Contains(direct!.Value!, m => m.Id == _manifest.NestedGroupId);
    }

    [Fact]
    public async Task DeletedColleague_Is404AndListedAsDeleted()
    {
        var deleted = _manifest.DeletedColleague!;

        var (status, _, _) = await _emulator.Http().GetJsonAsync("users/" + deleted.Id);
        var listed = await _emulator.Graph().Directory.DeletedItems.GraphUser.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(404, status);
        Assert.Contains(listed!.Value!, u => u.Id == deleted.Id);
    }

    [Fact]
    public async Task EveryMailbox_HasDefaultTasksListAndWorkingHours()
    {
        foreach (var user in _manifest.MailboxUsers)
        {
            var lists = await _emulator.Graph().Users[user.Id].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
            var settings = await _emulator.Graph().Users[user.Id].MailboxSettings.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal("Tasks", Assert.Single(lists!.Value!).DisplayName);
            Assert.Equal(new TimeSpan(9, 0, 0), settings!.WorkingHours!.StartTime!.Value.DateTime.TimeOfDay);
        }
    }
}
