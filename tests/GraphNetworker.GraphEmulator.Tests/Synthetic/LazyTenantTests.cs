using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Synthetic;

/// <summary>Benchmark-sized tenants: items generated on demand, deterministic, only touched mailboxes kept.</summary>
public sealed class LazyTenantTests
{
    private const string Spec = "synthetic:users=400,messagesPerMailbox=3000,eventsPerMailbox=20,seed=7,lazy=true";

    [Fact]
    public async Task LazyTenant_FullInboxRound_ReturnsEveryGeneratedMessageAndOnlyOneMailboxMaterializes()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.Tenant = Spec);
        var user = emulator.Control.SyntheticManifest!.MailboxUsers[5];
        var http = emulator.Http();

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var (_, page, _) = await http.GetJsonAsync($"users/{user.Id}/mailFolders/inbox/messages/delta?$select=id,from,receivedDateTime", prefer: "odata.maxpagesize=1000");
        while (true)
        {
            foreach (var m in page.Values())
            {
                ids.Add(m.Str("id"));
            }

            if (page!.ContainsKey("@odata.deltaLink"))
            {
                break;
            }

            (_, page, _) = await http.GetJsonAsync(page.Str("@odata.nextLink"), prefer: "odata.maxpagesize=1000");
        }

        Assert.Equal(2100, ids.Count);
        Assert.Equal(1, emulator.Control.GetState()["materializedMailboxes"]!.GetValue<int>());
        var (status, one, _) = await http.GetJsonAsync($"users/{user.Id}/messages/{Uri.EscapeDataString(ids.First())}");
        Assert.Equal(200, status);
        Assert.Equal(ids.First(), one.Str("id"));
    }

    [Fact]
    public async Task LazyTenant_TwoInstances_GenerateIdenticalPages()
    {
        await using var a = await TestEmulator.StartAsync(o => o.Tenant = Spec);
        await using var b = await TestEmulator.StartAsync(o => o.Tenant = Spec);
        var user = a.Control.SyntheticManifest!.MailboxUsers[0].Id;

        var (_, pageA, _) = await a.Http().GetJsonAsync($"users/{user}/mailFolders/sentitems/messages/delta", prefer: "odata.maxpagesize=50");
        var (_, pageB, _) = await b.Http().GetJsonAsync($"users/{user}/mailFolders/sentitems/messages/delta", prefer: "odata.maxpagesize=50");

        Assert.Equal(pageA.Values().ToJsonString(), pageB.Values().ToJsonString());
    }

    [Fact]
    public async Task LazyTenant_CalendarViewAndChangesOverlay_Work()
    {
        // A two-year view of the generated calendar; the 503 for wide windows is tested in Calendar/.
        await using var emulator = await TestEmulator.StartAsync(o =>
        {
            o.Tenant = Spec;
            o.Fidelity.CalendarWindowServiceUnavailableAbove = null;
        });
        var user = emulator.Control.SyntheticManifest!.MailboxUsers[1].Id!;
        var http = emulator.Http();
        var (_, first, _) = await http.GetJsonAsync($"users/{user}/mailFolders/inbox/messages/delta?$top=1");
        var victim = first.Values()[0].Str("id");

        emulator.Control.DeleteMessage(user, victim);
        emulator.Control.AddMessage(user, "inbox", TestTenants.Message(1, TestEmulator.Epoch));
        var (_, view, _) = await http.GetJsonAsync($"users/{user}/calendarView?startDateTime=2025-01-01T00:00:00Z&endDateTime=2027-01-01T00:00:00Z&$top=100");
        var (_, inbox, _) = await http.GetJsonAsync($"users/{user}/mailFolders/inbox");

        Assert.Equal(20, view.Values().Count);
        Assert.Equal(2100, inbox!["totalItemCount"]!.GetValue<int>());
    }
}
