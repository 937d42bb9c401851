using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// One pass over a mailbox's interactions: collapses repeats and copies, resolves every address to a person, skips the
/// owner, and records each person's contact (or why an item gave none) in their ledger. Linear in the input.
/// </summary>
internal sealed class LedgerBuilder(ContactWeighting weighting, IdentityResolver resolver, DateTimeOffset now)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public Dictionary<string, ContactLedger> Ledgers { get; } = new(StringComparer.Ordinal);

    public int Duplicates { get; private set; }

    public int UnreadableAddresses { get; private set; }

    public void Add(Interaction item)
    {
        if (!_seen.Add(item.DedupeKey))
        {
            Duplicates++;
            return;
        }

        var participants = item.Participants;
        ParticipantRole? ownerRole = null;
        var resources = 0;
        var normalized = new string?[participants.Count];
        for (var i = 0; i < participants.Count; i++)
        {
            var participant = participants[i];
            var address = Addresses.Normalize(participant.Address);
            normalized[i] = address;
            if (address is null)
            {
                UnreadableAddresses++;
                continue;
            }

            if (resolver.IsOwner(address))
            {
                ownerRole ??= participant.Role is ParticipantRole.To or ParticipantRole.Cc or ParticipantRole.Bcc ? participant.Role : null;
                normalized[i] = null;
            }
            else if (participant.IsResource)
            {
                resources++;
            }
        }

        var others = item.Kind == InteractionKind.Meeting
            ? Math.Max(1, item.TotalParticipants - 1 - resources)
            : Math.Max(1, item.TotalParticipants - 1);

        // A person listed twice on one item (To and Cc, or two aliases) gets the stronger of the two, once.
        Dictionary<string, (Participant Participant, ContactWeight Weight)>? best = null;
        for (var i = 0; i < participants.Count; i++)
        {
            if (normalized[i] is not { } address)
            {
                continue;
            }

            var participant = participants[i];
            var key = resolver.KeyOf(address);
            var ledger = LedgerFor(key);
            ledger.Addresses.Add(address);
            ledger.SeeName(DisplayNames.Clean(participant.DisplayName, participant.Address), item.OccurredAt);
            ledger.SeenAsResource |= participant.IsResource;

            var contact = participant.IsResource
                ? ContactWeight.None(ContactChannel.Meeting, IgnoredBecause.CoRecipient)
                : weighting.Weigh(item, participant, ownerRole, others, now);
            best ??= new Dictionary<string, (Participant, ContactWeight)>(StringComparer.Ordinal);
            if (!best.TryGetValue(key, out var existing) || Stronger(contact, existing.Weight))
            {
                best[key] = (participant, contact);
            }
        }

        if (best is null)
        {
            return;
        }

        foreach (var (key, chosen) in best)
        {
            Ledgers[key].Record(item, chosen.Weight);
        }
    }

    public void AddCompletedSuggestion(string personKey, DateTimeOffset at) => LedgerFor(personKey).RecordCompletedSuggestion(at);

    private ContactLedger LedgerFor(string key)
    {
        if (!Ledgers.TryGetValue(key, out var ledger))
        {
            ledger = new ContactLedger(key);
            ledger.Addresses.Add(key);
            Ledgers[key] = ledger;
        }

        return ledger;
    }

    private static bool Stronger(ContactWeight candidate, ContactWeight current) =>
        candidate.Weight > current.Weight ||
        (candidate.Weight == current.Weight && candidate.Ignored < current.Ignored);
}
