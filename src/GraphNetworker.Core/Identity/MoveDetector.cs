using GraphNetworker.Core.Model;
using GraphNetworker.Core.Scoring;

namespace GraphNetworker.Core.Identity;

/// <summary>
/// Links a person who moved: when someone with the same full name starts writing from a new external domain after
/// their old address went quiet (or their account was closed), the two identities are one person. Links are
/// reversible: a rejected <see cref="LinkDecision"/> is never made again, and an accepted one is always applied.
/// Ambiguous names (two candidates either side) are never linked.
/// </summary>
internal sealed class MoveDetector(EngineOptions options, IdentityResolver resolver, DirectoryIndex directory)
{
    public List<PersonLink> LinkMoves(Dictionary<string, ContactLedger> ledgers, IReadOnlyList<LinkDecision> decisions)
    {
        var rejected = decisions.Where(d => !d.Accepted).Select(d => (d.FromKey, d.ToKey)).ToHashSet();
        var links = new List<PersonLink>();

        foreach (var decision in decisions.Where(d => d.Accepted))
        {
            if (ledgers.TryGetValue(decision.FromKey, out var from) && ledgers.TryGetValue(decision.ToKey, out var to) && from != to)
            {
                links.Add(Merge(ledgers, from, to, "Linked by you."));
            }
        }

        var byName = ledgers.Values
            .Where(l => !Addresses.IsLegacyDn(l.Key))
            .Select(l => (Ledger: l, Name: NameOf(l)))
            .Where(x => x.Name.Contains(' ', StringComparison.Ordinal))
            .GroupBy(x => x.Name, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

        foreach (var group in byName)
        {
            var people = group.Select(x => x.Ledger).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
            var newcomers = people.Where(IsExternalNewcomerCandidate).ToList();
            foreach (var newcomer in newcomers)
            {
                var olds = people.Where(old => old != newcomer && WentQuietBefore(old, newcomer)).ToList();
                if (olds.Count != 1 || newcomers.Count(n => WentQuietBefore(olds[0], n)) != 1)
                {
                    continue;
                }

                var old = olds[0];
                if (rejected.Contains((old.Key, newcomer.Key)) || !ledgers.ContainsKey(old.Key) || !ledgers.ContainsKey(newcomer.Key))
                {
                    continue;
                }

                var why = resolver.DirectoryPersonOf(old.Key)?.HasLeft == true
                    ? $"Same name; mail from {newcomer.Key} began after the account {old.Key} was closed."
                    : $"Same name; mail from {newcomer.Key} began after {old.Key} went quiet.";
                links.Add(Merge(ledgers, old, newcomer, why));
            }
        }

        return links;
    }

    private static PersonLink Merge(Dictionary<string, ContactLedger> ledgers, ContactLedger old, ContactLedger newcomer, string reason)
    {
        old.MovedTo = (newcomer.Key, newcomer.FirstSeen);
        old.Absorb(newcomer);
        ledgers.Remove(newcomer.Key);
        return new PersonLink(old.Key, newcomer.Key, old.Key, newcomer.Key, reason);
    }

    private string NameOf(ContactLedger ledger) =>
        DisplayNames.MatchKey(resolver.DirectoryPersonOf(ledger.Key)?.DisplayName ?? ledger.BestName() ?? string.Empty);

    /// <summary>A new identity that could be someone's next job: external, not in the directory, and writing to the owner.</summary>
    private bool IsExternalNewcomerCandidate(ContactLedger ledger) =>
        resolver.DirectoryPersonOf(ledger.Key) is null
        && ledger.InboundItems > 0
        && ledger.FirstSeen is not null
        && !IsOrganizationDomain(Addresses.DomainOf(ledger.Key));

    private bool WentQuietBefore(ContactLedger old, ContactLedger newcomer)
    {
        var oldDomain = Addresses.DomainOf(old.Key);
        if (oldDomain.Length == 0 || Addresses.IsInDomain(oldDomain, Addresses.DomainOf(newcomer.Key)) || old.LastSeen is null || newcomer.FirstSeen is null)
        {
            return false;
        }

        var person = resolver.DirectoryPersonOf(old.Key);
        if (person?.HasLeft == true && (person.LeftAt is null || newcomer.FirstSeen >= person.LeftAt - TimeSpan.FromDays(14)))
        {
            return true;
        }

        return old.LastSeen <= newcomer.FirstSeen - options.MoveQuietPeriod;
    }

    private bool IsOrganizationDomain(string domain) => directory.IsOrganizationDomain(domain);
}
