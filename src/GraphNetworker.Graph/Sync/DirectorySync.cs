using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using DirectoryPersonRow = GraphNetworker.Store.Entities.DirectoryPerson;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Caches the directory, slowly: every user's addresses (proxyAddresses with their X500 legacy DNs, other mails),
/// title (and when it changed), and whether they left (disabled or deleted, and since when); and the addresses of
/// mail-enabled groups, which are lists rather than people. Refreshed every <see cref="SyncOptions.DirectoryRefreshInterval"/>.
/// </summary>
public sealed partial class DirectorySync(
    GraphServiceClient client,
    IDbContextFactory<GraphNetworkerDbContext> contexts,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<DirectorySync> logger)
{
    private static readonly string[] UserFields = ["id", "displayName", "mail", "userPrincipalName", "proxyAddresses", "otherMails", "jobTitle", "accountEnabled"];

    public async Task<bool> IsDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.DirectoryPeople.MaxAsync(p => (DateTime?)p.RefreshedAt, cancellationToken);
        return last is null || time.GetUtcNow().UtcDateTime - last >= options.Value.DirectoryRefreshInterval;
    }

    /// <summary>Reads the directory and stores it. Two workers refreshing at once: the second one's conflicting writes are dropped (the first one's are as fresh).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshOnceAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            LogConflict(logger);
        }
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var users = await GraphPages.AllAsync(
            await client.Users.GetAsync(c => { c.QueryParameters.Select = UserFields; c.QueryParameters.Top = 999; }, cancellationToken),
            link => new Microsoft.Graph.Users.UsersRequestBuilder(link, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
            p => p.Value);
        var deleted = await DeletedAsync(cancellationToken);
        var groups = await GroupsAsync(cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.DirectoryPeople.ToDictionaryAsync(p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var (user, isDeleted) in users.Select(u => (u, false)).Concat(deleted.Select(u => (u, true))))
        {
            var primary = Addresses.Normalize(user.Mail) ?? Addresses.Normalize(user.UserPrincipalName);
            if (user.Id is null || primary is null)
            {
                continue;
            }

            var isNew = !known.TryGetValue(user.Id, out var row);
            if (row is null)
            {
                row = new DirectoryPersonRow { Id = user.Id, PrimaryAddress = primary, Addresses = "[]" };
                db.DirectoryPeople.Add(row);
                known[user.Id] = row;
            }

            Update(row, user, primary, isDeleted, isNew, now);
        }

        var stillThere = users.Concat(deleted).Select(u => u.Id).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in known.Values.Where(p => !stillThere.Contains(p.Id) && !p.IsDeleted))
        {
            // Hard-deleted (past the recycle bin): still a person who left.
            gone.LeftAt ??= gone.AccountEnabled && !gone.IsDeleted ? now : null;
            gone.IsDeleted = true;
            gone.RefreshedAt = now;
        }

        await db.DirectoryAddresses.Where(a => a.Kind == DirectoryAddressKind.Group).ExecuteDeleteAsync(cancellationToken);
        var peoplesAddresses = known.Values.Select(p => p.PrimaryAddress).ToHashSet(StringComparer.Ordinal);
        db.DirectoryAddresses.AddRange(groups
            .SelectMany(g => new[] { g.Mail }.Concat(g.ProxyAddresses ?? []).Select(Addresses.Normalize).OfType<string>().Distinct().Select(a => (Address: a, g.DisplayName)))
            .DistinctBy(a => a.Address)
            .Where(a => !peoplesAddresses.Contains(a.Address))
            .Select(a => new DirectoryAddress { Address = a.Address, Kind = DirectoryAddressKind.Group, DisplayName = a.DisplayName, RefreshedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        LogRefreshed(logger, users.Count, deleted.Count, groups.Count);
    }

    /// <summary>
    /// Refreshes one person. A departure seen happening (enabled last time, disabled now) is dated today; one that
    /// was already there when the person was first seen has no known date (the engine then estimates it from mail).
    /// </summary>
    private static void Update(DirectoryPersonRow row, User user, string primary, bool isDeleted, bool isNew, DateTime now)
    {
        var title = string.IsNullOrWhiteSpace(user.JobTitle) ? null : user.JobTitle.Trim();
        if (row.JobTitle is not null && title is not null && !string.Equals(row.JobTitle, title, StringComparison.Ordinal))
        {
            row.PreviousJobTitle = row.JobTitle;
            row.TitleChangedAt = now;
        }

        var left = isDeleted || user.AccountEnabled == false;
        row.PrimaryAddress = primary;
        row.UserPrincipalName = user.UserPrincipalName ?? row.UserPrincipalName;
        row.DisplayName = user.DisplayName ?? row.DisplayName;
        row.JobTitle = title ?? row.JobTitle;
        row.AccountEnabled = user.AccountEnabled ?? !isDeleted;
        row.IsDeleted = isDeleted;
        row.LeftAt = !left ? null
            : user is DirectoryObject { DeletedDateTime: { } when } ? when.UtcDateTime
            : row.LeftAt ?? (isNew ? null : now);
        row.Addresses = JsonSerializer.Serialize(new[] { user.Mail, user.UserPrincipalName }
            .Concat(user.ProxyAddresses ?? []).Concat(user.OtherMails ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        row.RefreshedAt = now;
    }

    /// <summary>Deleted users still in the recycle bin (30 days): people who left. Not every tenant grants this; then it is skipped.</summary>
    private async Task<List<User>> DeletedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await GraphPages.AllAsync(
                await client.Directory.DeletedItems.GraphUser.GetAsync(c => { c.QueryParameters.Select = [.. UserFields, "deletedDateTime"]; c.QueryParameters.Top = 999; }, cancellationToken),
                link => new Microsoft.Graph.DirectoryNamespace.DeletedItems.GraphUser.GraphUserRequestBuilder(link, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
                p => p.Value);
        }
        catch (ApiException e) when (e.ResponseStatusCode is 400 or 403 or 404)
        {
            LogNoDeletedUsers(logger, e.ResponseStatusCode);
            return [];
        }
    }

    private async Task<List<Group>> GroupsAsync(CancellationToken cancellationToken)
    {
        var groups = await GraphPages.AllAsync(
            await client.Groups.GetAsync(c => { c.QueryParameters.Select = ["id", "displayName", "mail", "proxyAddresses", "mailEnabled"]; c.QueryParameters.Top = 999; }, cancellationToken),
            link => new Microsoft.Graph.Groups.GroupsRequestBuilder(link, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
            p => p.Value);
        return [.. groups.Where(g => g.MailEnabled != false && !string.IsNullOrWhiteSpace(g.Mail))];
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Directory refreshed: {Users} users, {Deleted} deleted users, {Groups} mail-enabled groups")]
    private static partial void LogRefreshed(ILogger logger, int users, int deleted, int groups);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Directory refresh collided with another worker's; keeping theirs")]
    private static partial void LogConflict(ILogger logger);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Deleted users are not readable ({Status}); leavers are known only from disabled accounts")]
    private static partial void LogNoDeletedUsers(ILogger logger, int status);
}
