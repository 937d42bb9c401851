using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Worker.Tests.Infrastructure;

namespace GraphNetworker.Worker.Tests.Pipeline;

/// <summary>
/// Precision, end to end: the real worker against the emulator's synthetic tenant, which plants role addresses, a
/// helpdesk and a number-only gateway the owner writes to and hears back from, a distribution list, newsletters,
/// no-reply and robot senders, one-way cold inbound mail and a person known only by a handle. No suggestion may go to
/// any of them, and every suggested person had two-way contact.
/// </summary>
public sealed class PrecisionTests
{
    [Fact]
    public async Task Cycle_TenantWithRolesListsRobotsHandlesAndColdInbound_SuggestsOnlyPeopleWithTwoWayContact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await WorkerHarness.StartAsync();

        await harness.RunCycleAsync(ct);

        var manifest = harness.Manifest;
        var notPeople = manifest.SystemSenders.Concat(manifest.NewsletterSenders).Concat(manifest.NoReplySenders)
            .Append(manifest.DistributionList!).Append(manifest.RoomAddress!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var coldByMailbox = manifest.Mailboxes.ToDictionary(m => harness.MailboxIdOf(m.UserPrincipalName), m => m.Cold.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Assert.NotEmpty(manifest.TwoWaySystemSenders);
        var relationships = harness.Relationships();
        var suggestions = harness.Suggestions();
        Assert.NotEmpty(suggestions);

        foreach (var suggestion in suggestions)
        {
            var person = Assert.Single(relationships, r => r.MailboxId == suggestion.MailboxId && r.PersonKey == suggestion.PersonKey).Value;
            Assert.DoesNotContain(person.Addresses, a => notPeople.Contains(a) || coldByMailbox[suggestion.MailboxId].Contains(a));
            Assert.True(IsTwoWay(person), $"{suggestion.DisplayName} was suggested without two-way contact: {string.Join(" | ", person.Why)}");
            Assert.True(DisplayNames.IsAddress(suggestion.DisplayName) || !DisplayNames.IsHandle(suggestion.DisplayName, suggestion.PersonKey),
                $"suggestion titled with a handle: {suggestion.DisplayName}");
        }

        // The planted not-people were seen, and each was excluded with a reason a person can read.
        foreach (var mailbox in coldByMailbox.Keys)
        {
            foreach (var address in manifest.SystemSenders)
            {
                var seen = Assert.Single(relationships, r => r.MailboxId == mailbox && r.Value.Addresses.Contains(address, StringComparer.OrdinalIgnoreCase));
                Assert.Equal(RelationshipStatus.Excluded, seen.Status);
                Assert.False(string.IsNullOrWhiteSpace(seen.Value.ExcludedReason));
            }

            // The person behind the handle is tracked (two-way), and never called by the handle.
            var handled = Assert.Single(relationships, r => r.MailboxId == mailbox && r.PersonKey == manifest.HandleNamedSender);
            Assert.NotEqual(RelationshipStatus.Excluded, handled.Status);
            Assert.NotEqual(manifest.Handle, handled.Value.DisplayName);
        }
    }

    [Fact]
    public async Task Cycle_SenderWritingToEveryMailboxThatNobodyAnswers_ExcludedAsASystemFromTheNextScoring()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:EvaluateEveryCycle"] = "true");
        var massSender = harness.Manifest.MassSender!;

        await harness.RunCycleAsync(ct);
        var first = harness.Relationships().Where(r => r.PersonKey == massSender).ToList();
        await harness.RunCycleAsync(ct);
        var second = harness.Relationships().Where(r => r.PersonKey == massSender).ToList();

        // The first cycle has no stored assessments to compare across: one way only, in each mailbox.
        Assert.Equal(3, first.Count);
        Assert.All(first, r => Assert.StartsWith("Only ever wrote to you", r.Value.ExcludedReason, StringComparison.Ordinal));
        Assert.Equal(3, second.Count);
        Assert.All(second, r => Assert.Equal(
            "Writes to three mailboxes in your organisation, and nobody has ever answered or met it: a system or a mass sender, not a person.", r.Value.ExcludedReason));
        Assert.DoesNotContain(harness.Suggestions(), s => s.PersonKey == massSender);
    }

    private static bool IsTwoWay(RelationshipAssessment person) =>
        person.LastMeeting is not null ||
        (person.LastOutbound is not null && person.LastInbound is not null) ||
        person.Why.Any(w => w.Contains("Teams chat touch", StringComparison.Ordinal));
}
