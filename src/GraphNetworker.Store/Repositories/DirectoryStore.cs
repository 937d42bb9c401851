using GraphNetworker.Core.Model;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using DirectoryPersonFact = GraphNetworker.Core.Model.DirectoryPerson;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// The cached directory: every user's addresses (proxyAddresses with their X500 legacy DNs, other mails), title (and
/// when it changed), and whether they left (disabled or deleted, and since when); and the addresses of mail-enabled
/// groups, which are lists rather than people.
/// </summary>
public sealed class DirectoryStore(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    public async Task<bool> IsRefreshDueAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.DirectoryUsers.MaxAsync(p => (DateTime?)p.RefreshedAt, cancellationToken);
        return last is null || time.GetUtcNow().UtcDateTime - last >= interval;
    }

    /// <summary>Stores one read of the directory. Returns false when another worker's refresh won a conflicting write (theirs is as fresh).</summary>
    public async Task<bool> ApplyAsync(DirectoryObservation observed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.DirectoryUsers.ToDictionaryAsync(p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var user in observed.Users.Concat(observed.DeletedUsers))
        {
            var primary = Storable(Addresses.Normalize(user.Mail)) ?? Storable(Addresses.Normalize(user.UserPrincipalName));
            if (primary is null)
            {
                continue;
            }

            var isNew = !known.TryGetValue(user.Id, out var row);
            if (row is null)
            {
                row = new DirectoryUser { Id = user.Id, PrimaryAddress = primary, Addresses = [] };
                db.DirectoryUsers.Add(row);
                known[user.Id] = row;
            }

            Update(row, user, primary, isNew, now);
        }

        var stillThere = observed.Users.Concat(observed.DeletedUsers).Select(u => u.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in known.Values.Where(p => !stillThere.Contains(p.Id) && !p.IsDeleted))
        {
            // Hard-deleted (past the recycle bin): still a person who left.
            gone.LeftAt ??= gone.AccountEnabled && !gone.IsDeleted ? now : null;
            gone.IsDeleted = true;
            gone.RefreshedAt = now;
        }

        await db.DirectoryAddresses.Where(a => a.Kind == DirectoryAddressKind.Group).ExecuteDeleteAsync(cancellationToken);
        var peoplesAddresses = known.Values.Select(p => p.PrimaryAddress).ToHashSet(StringComparer.Ordinal);
        db.DirectoryAddresses.AddRange(observed.Groups
            .SelectMany(g => new[] { g.Mail }.Concat(g.ProxyAddresses).Select(a => Storable(Addresses.Normalize(a))).OfType<string>().Distinct().Select(a => (Address: a, g.DisplayName)))
            .DistinctBy(a => a.Address)
            .Where(a => !peoplesAddresses.Contains(a.Address))
            .Select(a => new DirectoryAddress { Address = a.Address, Kind = DirectoryAddressKind.Group, DisplayName = a.DisplayName, RefreshedAt = now }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>
    /// The tenant's directory (people, groups, rooms), indexed once per cycle and shared by every mailbox's evaluation:
    /// loading it per mailbox would make a cycle cost mailboxes × directory size. Without configured domains, the
    /// organisation's are its members' own, most used first (guests, #EXT#, belong to other organisations).
    /// </summary>
    public async Task<DirectoryIndex> LoadIndexAsync(IReadOnlyList<string> organizationDomains, string? organizationName, CancellationToken cancellationToken) =>
        (await LoadAsync(organizationDomains, organizationName, cancellationToken)).Index;

    /// <summary>
    /// The directory's index and a fingerprint of everything in it the engine reads (people, their addresses, names,
    /// titles and departures, groups, rooms, the organisation): when the fingerprint moves, every mailbox is scored again.
    /// </summary>
    public async Task<LoadedDirectory> LoadAsync(
        IReadOnlyList<string> organizationDomains, string? organizationName, CancellationToken cancellationToken, IReadOnlyList<UnansweredSender>? unanswered = null)
    {
        // Senders nobody answers (UnansweredSendersAsync, read by the caller when its cycle begins) are not in the
        // fingerprint, so they do not make every mailbox score again; each mailbox reads them at its next scoring.
        unanswered ??= [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.DirectoryUsers.AsNoTracking().ToListAsync(cancellationToken);
        var addresses = await db.DirectoryAddresses.AsNoTracking().ToListAsync(cancellationToken);
        if (organizationDomains.Count == 0)
        {
            organizationDomains = MemberDomains(people);
        }

        organizationName ??= organizationDomains.Count > 0 ? Addresses.CompanyFromDomain(organizationDomains[0]) : null;
        var facts = people.Select(ToFact).ToList();
        var index = new DirectoryIndex(
            facts,
            addresses.Where(a => a.Kind == DirectoryAddressKind.Group).Select(a => a.Address),
            addresses.Where(a => a.Kind == DirectoryAddressKind.Resource).Select(a => a.Address),
            organizationDomains,
            organizationName,
            unanswered);
        return new LoadedDirectory(index, Fingerprint(facts, addresses, organizationDomains, organizationName));
    }

    /// <summary>
    /// Senders no owner answers, from every mailbox's last assessment: addresses whose mail reached at least
    /// <paramref name="atLeastMailboxes"/> mailboxes directly (the owner on To or Cc, not mass mail), and to whom no
    /// owner ever wrote, whom none met, called or chatted with. Worked out here, across mailboxes, so the engine can
    /// stay one mailbox at a time and read it as it reads the directory. One grouped query over the assessments.
    /// </summary>
    public async Task<IReadOnlyList<UnansweredSender>> UnansweredSendersAsync(int atLeastMailboxes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Relationships.AsNoTracking()
            .GroupBy(r => r.PersonKey)
            .Select(g => new
            {
                Address = g.Key,
                WroteTo = g.Count(r => r.LastInbound != null && r.LastInbound.Channel == ContactChannel.EmailReceived),
                Answered = g.Count(r => r.LastOutbound != null || r.LastMeeting != null || (r.LastInbound != null && r.LastInbound.Channel != ContactChannel.EmailReceived)),
            })
            .Where(x => x.WroteTo >= atLeastMailboxes && x.Answered == 0)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new UnansweredSender(r.Address, r.WroteTo)).OrderBy(r => r.Address, StringComparer.Ordinal)];
    }

    private static string Fingerprint(List<DirectoryPersonFact> people, List<DirectoryAddress> addresses, IReadOnlyList<string> domains, string? organization)
    {
        var text = new System.Text.StringBuilder();
        foreach (var p in people.OrderBy(p => p.UserId, StringComparer.Ordinal))
        {
            text.Append(p.UserId).Append('|').Append(p.PrimaryAddress).Append('|').Append(p.DisplayName).Append('|').AppendJoin(',', p.Addresses)
                .Append('|').Append(p.JobTitle).Append('|').Append(p.HasLeft).Append('|').Append(p.LeftAt?.UtcTicks).Append('|').Append(p.TitleChangedAt?.UtcTicks).Append('\n');
        }

        foreach (var a in addresses.OrderBy(a => a.Address, StringComparer.Ordinal))
        {
            text.Append(a.Kind).Append('|').Append(a.Address).Append('\n');
        }

        text.AppendJoin(',', domains).Append('|').Append(organization);
        return StableHash.Of(text.ToString()).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An address that fits the directory's address columns (<see cref="Configuration.Lengths.Address"/>), or null. Graph
    /// bounds none of them (a legacy X500 proxy address can be long): one that does not fit would fail the whole refresh,
    /// on every cycle, where leaving that one address out costs nothing else.
    /// </summary>
    private static string? Storable(string? address) => address is { Length: <= Configuration.Lengths.Address } ? address : null;

    /// <summary>
    /// Refreshes one person. A departure seen happening (enabled last time, disabled now) is dated today; one that
    /// was already there when the person was first seen has no known date (the engine then estimates it from mail).
    /// </summary>
    private static void Update(DirectoryUser row, ObservedUser user, string primary, bool isNew, DateTime now)
    {
        var title = string.IsNullOrWhiteSpace(user.JobTitle) ? null : user.JobTitle.Trim();
        if (row.JobTitle is not null && title is not null && !string.Equals(row.JobTitle, title, StringComparison.Ordinal))
        {
            row.PreviousJobTitle = row.JobTitle;
            row.TitleChangedAt = now;
        }

        var left = user.IsDeleted || user.AccountEnabled == false;

        // A departure is dated when it is seen happen: a person enabled at the last read and gone now. One already gone at
        // the first read left at a time nobody knows, and stays undated rather than dated by a later read.
        var wasActive = !isNew && row.AccountEnabled && !row.IsDeleted;
        row.PrimaryAddress = primary;
        row.UserPrincipalName = user.UserPrincipalName ?? row.UserPrincipalName;
        row.DisplayName = user.DisplayName ?? row.DisplayName;
        row.JobTitle = title ?? row.JobTitle;
        row.AccountEnabled = user.AccountEnabled ?? !user.IsDeleted;
        row.IsDeleted = user.IsDeleted;
        row.LeftAt = !left ? null
            : user.DeletedAt is { } when ? when.UtcDateTime
            : row.LeftAt ?? (wasActive ? now : null);
        row.Addresses = [.. new[] { user.Mail, user.UserPrincipalName }
            .Concat(user.ProxyAddresses).Concat(user.OtherMails)
            .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).OfType<string>()];
        row.RefreshedAt = now;
    }

    private static List<string> MemberDomains(IEnumerable<DirectoryUser> people) =>
        [.. people
            .Where(p => p.UserPrincipalName is null || !p.UserPrincipalName.Contains("#EXT#", StringComparison.Ordinal))
            .SelectMany(p => new[] { p.PrimaryAddress, p.UserPrincipalName ?? string.Empty })
            .Select(a => Addresses.Normalize(a) is { } normalized ? Addresses.DomainOf(normalized) : string.Empty)
            .Where(d => d.Length > 0)
            .GroupBy(d => d, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)];

    private static DirectoryPersonFact ToFact(DirectoryUser p) => new()
    {
        PrimaryAddress = p.PrimaryAddress,
        UserId = p.Id,
        DisplayName = p.DisplayName,
        Addresses = p.Addresses,
        JobTitle = p.JobTitle,
        HasLeft = !p.AccountEnabled || p.IsDeleted,
        LeftAt = p.LeftAt is { } left ? new DateTimeOffset(left, TimeSpan.Zero) : null,
        TitleChangedAt = p.TitleChangedAt is { } changed ? new DateTimeOffset(changed, TimeSpan.Zero) : null,
    };
}

/// <summary>The directory as a cycle's evaluations read it, and a fingerprint of its content.</summary>
public sealed record LoadedDirectory(DirectoryIndex Index, string Fingerprint);
