using GraphNetworker.GraphEmulator;
using GraphNetworker.Store.Entities;
using GraphNetworker.Worker.Pipeline;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// One mailbox Graph will not fully serve never stops the others, and IT can see it: a configured
/// <c>Scope:Mailboxes</c> entry whose lookup fails with something other than a 404 is left out with a health entry
/// (and a mailbox already known by that name keeps its place in scope), and a calendar window Graph will not serve is
/// recorded on the mailbox's health although its mail synced.
/// </summary>
public sealed class ScopeEntryFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConfiguredMailboxesAnswering403And400_AreLeftOutWithAHealthEntry_TheOthersSync_AKnownOneKeepsItsScope()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Scope:OptInGroupId"] = null;
            s["GraphNetworker:Scope:Mailboxes:0"] = "configured.later@contoso.com";
        });
        var users = harness.Manifest.Mailboxes.Select(m => m.UserPrincipalName).ToList();
        var options = harness.Get<Microsoft.Extensions.Options.IOptions<GraphNetworker.Graph.ScopeOptions>>().Value;
        options.Mailboxes.Clear();
        foreach (var user in users)
        {
            options.Mailboxes.Add(user);
        }
        var first = await harness.RunCycleAsync(Ct);
        Assert.Equal(3, first.Synced);

        // The lookup by name that scope makes (the cycle's own reads go by id): refused for one, a bad request for another.
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = LookupOf(users[1]), Kind = FaultKind.Status, Status = 403, Code = "Authorization_RequestDenied", Count = 0 });
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = LookupOf(users[2]), Kind = FaultKind.Status, Status = 400, Code = "Request_BadRequest", Count = 0 });
        using (var db = harness.Db())
        {
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null).SetProperty(m => m.FoldersRefreshedAt, (DateTime?)null), Ct);
        }

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal((1, 0), (report.Synced, report.Failed));
        var health = await harness.Get<ScopeHealth>().CheckHealthAsync(new HealthCheckContext(), Ct);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("Left out of scope: configured mailbox #2: Graph 403 Authorization_RequestDenied; configured mailbox #3: Graph 400 Request_BadRequest", health.Description);
        Assert.DoesNotContain(harness.Logs.Entries, e => users.Skip(1).Any(u => e.Message.Contains(u, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(2, harness.Logs.Entries.Count(e => e.EventId.Id == 1302));
        using (var db = harness.Db())
        {
            // Graph did not say they left: no purge clock starts for the mailboxes already known.
            Assert.All(await db.Mailboxes.AsNoTracking().ToListAsync(Ct), m => Assert.Equal((ScopeState.InScope, (DateTime?)null), (m.ScopeState, m.LeftScopeAt)));
        }

        harness.Emulator.Control.ClearFaults();
        using (var db = harness.Db())
        {
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
        }

        var recovered = await harness.RunCycleAsync(Ct);
        Assert.Equal(3, recovered.Synced);
        Assert.Equal(HealthStatus.Healthy, (await harness.Get<ScopeHealth>().CheckHealthAsync(new HealthCheckContext(), Ct)).Status);
    }

    /// <summary>The user read by name, however the SDK escapes the '@': no other request has the name in its path.</summary>
    private static string LookupOf(string userPrincipalName) =>
        "^/users/" + System.Text.RegularExpressions.Regex.Escape(userPrincipalName.Split('@')[0]) + @"[^/?]*\?";

    [Fact]
    public async Task CalendarWindowGraphWillNotServe_TheMailboxSyncs_AndItsHealthSaysSo()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        await harness.RunCycleAsync(Ct);
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "calendarView/delta", Kind = FaultKind.Status, Status = 500, Code = "ErrorInternalServerError", Count = 0 });
        using (var db = harness.Db())
        {
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
        }

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal((3, 0), (report.Synced, report.Failed));
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 2007);
        using (var db = harness.Db())
        {
            Assert.All(await db.Mailboxes.AsNoTracking().ToListAsync(Ct), mailbox =>
            {
                Assert.Matches("^Calendar: [0-9]+ window\\(s\\) Graph would not serve this cycle; mail was synced$", mailbox.LastError);
                Assert.NotNull(mailbox.LastErrorAt);
                Assert.Equal(0, mailbox.ConsecutiveFailures);
            });
        }

        // A cycle that reads it all clears the entry.
        harness.Emulator.Control.ClearFaults();
        using (var db = harness.Db())
        {
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
        }

        await harness.RunCycleAsync(Ct);
        using var after = harness.Db();
        Assert.All(await after.Mailboxes.AsNoTracking().ToListAsync(Ct), m => Assert.Null(m.LastError));
    }
}
