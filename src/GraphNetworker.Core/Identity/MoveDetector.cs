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
    public List<PersonLink> LinkMoves(LedgerBuilder builder, IReadOnlyList<LinkDecision> decisions)
    {
        var ledgers = builder.Ledgers;
        var rejected = decisions.Where(d => !d.Accepted).Select(d => (d.FromKey, d.ToKey)).ToHashSet();
        var links = new List<PersonLink>();

        foreach (var decision in decisions.Where(d => d.Accepted))
        {
            if (ledgers.TryFind(decision.FromKey, out var from) && ledgers.TryFind(decision.ToKey, out var to) && from != to)
            {
                links.Add(Merge(builder, from, to, "Linked by you."));
            }
        }

        foreach (var group in SameNameGroups(builder))
        {
            var people = group.OrderBy(p => ledgers[p].Key, StringComparer.Ordinal).ToList();
            var newcomers = people.Where(p => IsExternalNewcomerCandidate(ledgers[p])).ToList();
            foreach (var newcomer in newcomers)
            {
                var olds = people.Where(old => old != newcomer && WentQuietBefore(ledgers[old], ledgers[newcomer])).ToList();
                if (olds.Count != 1 || newcomers.Count(n => WentQuietBefore(ledgers[olds[0]], ledgers[n])) != 1)
                {
                    continue;
                }

                var old = olds[0];
                var (oldKey, newKey) = (ledgers[old].Key, ledgers[newcomer].Key);
                if (rejected.Contains((oldKey, newKey)) || !ledgers.TryFind(oldKey, out _) || !ledgers.TryFind(newKey, out _))
                {
                    continue;
                }

                var why = resolver.DirectoryPersonOf(oldKey)?.HasLeft == true
                    ? $"Same name; mail from {newKey} began after the account {oldKey} was closed."
                    : $"Same name; mail from {newKey} began after {oldKey} went quiet.";
                links.Add(Merge(builder, old, newcomer, why));
            }
        }

        return links;
    }

    /// <summary>
    /// The people (not legacy DNs) who share a full name with someone else, grouped by that name in its order. A name
    /// of one word is never a full name, so it is ruled out before its comparison key is made.
    /// </summary>
    private IEnumerable<IGrouping<string, int>> SameNameGroups(LedgerBuilder builder)
    {
        var ledgers = builder.Ledgers;
        var named = new List<(int Person, string Name)>();
        for (var person = 0; person < ledgers.Count; person++)
        {
            ref var ledger = ref ledgers[person];
            if ((ledger.Flags & LedgerFlags.Absorbed) != 0 || Addresses.IsLegacyDn(ledger.Key))
            {
                continue;
            }

            var name = resolver.DirectoryPersonOf(ledger.Key)?.DisplayName ?? ledger.BestName() ?? string.Empty;
            if (DisplayNames.HasTwoMatchWords(name))
            {
                named.Add((person, DisplayNames.MatchKey(name)));
            }
        }

        return named
            .GroupBy(x => x.Name, x => x.Person, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
    }

    private static PersonLink Merge(LedgerBuilder builder, int oldPerson, int newPerson, string reason)
    {
        ref var old = ref builder.Ledgers[oldPerson];
        ref var newcomer = ref builder.Ledgers[newPerson];
        (old.Extras ??= new LedgerExtras()).MovedTo = (newcomer.Key, newcomer.FirstSeenAt);
        old.Absorb(ref newcomer, builder.Events, builder.Ledgers.Texts);
        builder.Ledgers.Remove(newcomer.Key);
        return new PersonLink(old.Key, newcomer.Key, old.Key, newcomer.Key, reason);
    }

    /// <summary>A new identity that could be someone's next job: external, not in the directory, and writing to the owner.</summary>
    private bool IsExternalNewcomerCandidate(in ContactLedger ledger) =>
        resolver.DirectoryPersonOf(ledger.Key) is null
        && ledger.InboundItems > 0
        && ledger.FirstSeenAt is not null
        && !IsOrganizationDomain(Addresses.DomainOf(ledger.Key));

    private bool WentQuietBefore(in ContactLedger old, in ContactLedger newcomer)
    {
        var oldDomain = Addresses.DomainOf(old.Key);
        if (oldDomain.Length == 0 || Addresses.IsInDomain(oldDomain, Addresses.DomainOf(newcomer.Key)) || old.LastSeenAt is null || newcomer.FirstSeenAt is null)
        {
            return false;
        }

        var person = resolver.DirectoryPersonOf(old.Key);
        if (person?.HasLeft == true && (person.LeftAt is null || newcomer.FirstSeenAt >= person.LeftAt - TimeSpan.FromDays(14)))
        {
            return true;
        }

        return old.LastSeenAt <= newcomer.FirstSeenAt - options.MoveQuietPeriod;
    }

    private bool IsOrganizationDomain(string domain) => directory.IsOrganizationDomain(domain);
}
