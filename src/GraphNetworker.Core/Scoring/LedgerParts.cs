namespace GraphNetworker.Core.Scoring;

/// <summary>
/// A display name as it came on the mail, with the address it came with: cleaned once, when the person is scored. Later
/// sightings are matched by the spelling's fingerprint (<see cref="Identity.AddressBook.Fingerprint"/>), so counting one
/// never reads the kept text.
/// </summary>
internal struct NameSighting
{
    public string Raw;
    public ulong Print;
    public int Address;
    public int Count;
    public long LastTicks;
}

/// <summary>What few ledgers hold: more than one address or name, completed suggestions, a move to a new address.</summary>
internal sealed class LedgerExtras
{
    /// <summary>Addresses besides the key, in the order first seen.</summary>
    public List<string>? MoreAddresses;

    public List<NameSighting>? MoreNames;
    public int CompletedSuggestions;
    public DateTimeOffset? LastCompletedSuggestion;
    public (string Address, DateTimeOffset? Since)? MovedTo;
}

[Flags]
internal enum LedgerFlags : byte
{
    None = 0,
    Seen = 1,
    HasNextMeeting = 2,
    SeenAsResource = 4,

    /// <summary>Merged into another ledger (the same human at a new address): no longer a person of its own.</summary>
    Absorbed = 8,
}
