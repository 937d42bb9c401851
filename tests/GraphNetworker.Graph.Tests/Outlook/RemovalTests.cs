using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Tests.Infrastructure;
using Microsoft.Graph;

namespace GraphNetworker.Graph.Tests.Outlook;

/// <summary><c>purge --remove-from-outlook</c>: what GraphNetworker put in Outlook goes, including what a crash left unrecorded.</summary>
public sealed class RemovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RemoveAll_AHoldWhoseWriteCrashedBeforeItsIdWasStored_IsFoundByItsMarker_AndRemoved()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var now = graph.Clock.GetUtcNow();
        var suggestion = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now);
        graph.Ledger.Add(suggestion);
        await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);
        var holdId = graph.Ledger.Suggestions[suggestion.Id].GraphId!;

        // The crash came between Graph creating the hold and the ledger recording it: the store knows no id.
        graph.Ledger.Suggestions[suggestion.Id] = graph.Ledger.Suggestions[suggestion.Id] with { GraphId = null, State = SuggestionState.Pending };
        var removed = await graph.Get<OutlookWriter>().RemoveAllAsync(mailbox, Ct);

        Assert.Equal(1, removed);
        var gone = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() => graph.Get<GraphServiceClient>().Users[mailbox.Id].Events[holdId].GetAsync(cancellationToken: Ct));
        Assert.Equal(404, gone.ResponseStatusCode);
    }
}
