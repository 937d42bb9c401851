namespace GraphNetworker.Core.Scoring;

/// <summary>
/// A spelling of a display name with the address it came with, and how often: the name is cleaned once, when the
/// spelling is first seen with that address (its text and the address's are then at hand), and kept cleaned (null when
/// it is no real name: empty, an address or a handle). Later sightings are matched by the spelling's fingerprint
/// (<see cref="Identity.AddressBook.Fingerprint"/>), so counting one never reads any text.
/// </summary>
internal struct NameSighting
{
    public string? Name;
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
