using GraphNetworker.Core.Model;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Tests.Pipeline;

public sealed class FullCycleTests
{
    [Fact]
    public async Task Cycle_SyntheticTenant_StoresContactsAndWritesSuggestions()
    {
        await using var harness = await WorkerHarness.StartAsync();

        var report = await harness.RunCycleAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, report.Mailboxes);
        Assert.Equal(3, report.Synced);
        Assert.True(report.Items > 100, $"items {report.Items}");
        using var db = harness.Db();
        var mailboxes = await db.Mailboxes.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(mailboxes, m => Assert.Null(m.LastError));
        var relationships = harness.Relationships().ToList();
        Assert.Contains(relationships, r => r.Status != RelationshipStatus.Excluded && r.Value.LastContact is not null);
        var suggestions = harness.Suggestions().ToList();
        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.Equal(SuggestionState.Open, s.State));
        Assert.All(suggestions, s => Assert.NotNull(s.GraphId));
    }
}
