namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>Who a mailbox owner is in touch with, and how often (chosen per mailbox from a seeded Random).</summary>
internal sealed record Relationships(
    IReadOnlyList<Person> Weekly,
    IReadOnlyList<Person> Monthly,
    IReadOnlyList<Person> Rare,
    IReadOnlyList<Person> Fading,
    IReadOnlyList<Person> Cold,
    IReadOnlyList<Person>? Chatty = null)
{
    /// <summary>
    /// Weekly: two peers (the first is the 1:1 colleague) and an external; the first X500 sender is weekly too. The
    /// chatty colleague (another peer here; the next mailbox user when there is one) mailed monthly until five months
    /// ago and chats on Teams since.
    /// </summary>
    public static Relationships Choose(SyntheticPeople people, Random r)
    {
        var peers = people.Peers.OrderBy(_ => r.Next()).ToList();
        var externals = people.Externals.OrderBy(_ => r.Next()).ToList();
        var x500 = people.X500Senders;
        var weeklyPeer = peers.First(p => !x500.Contains(p));
        var weekly = new List<Person> { weeklyPeer, x500[0], externals[0] };
        var monthly = new List<Person> { externals[1], externals[2], x500.Count > 1 ? x500[1] : peers[^1] };
        var rare = new List<Person> { externals[3] };
        if (externals.Count > 4)
        {
            rare.Add(externals[4]);
        }

        var fading = externals.Count > 5 ? new List<Person> { externals[5] } : [];
        var cold = externals.Skip(6).Take(3).ToList();
        // A colleague who mostly chats: a few emails long ago, and Teams since (chosen last, so earlier choices stay as they were).
        var chatty = peers.Where(p => !weekly.Contains(p) && !monthly.Contains(p) && !x500.Contains(p)).Take(1).ToList();
        return new Relationships(weekly, monthly, rare, fading, cold, chatty);
    }
}
