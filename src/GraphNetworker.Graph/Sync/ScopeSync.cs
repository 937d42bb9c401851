using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Decides which mailboxes are read: the transitive members of the opt-in group (or an explicit list), with enabled
/// accounts. A mailbox that leaves the scope stops being read at once and its data is purged after the grace period;
/// one that opted out stays out until an administrator opts it back in.
/// </summary>
public sealed partial class ScopeSync(
    GraphServiceClient client,
    IDbContextFactory<GraphNetworkerDbContext> contexts,
    MailboxPurge purge,
    IOptions<ScopeOptions> options,
    TimeProvider time,
    ILogger<ScopeSync> logger)
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled"];

    /// <summary>Updates the scope and returns the mailboxes to sync now (in scope, not waiting after a failure).</summary>
    public async Task<IReadOnlyList<Mailbox>> RefreshAsync(CancellationToken cancellationToken)
    {
        var members = await MembersAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;

        // Two workers starting together may both add a new member: the update is idempotent, so a conflict means
        // "read again and re-apply".
        Dictionary<string, Mailbox> known;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                known = await ApplyAsync(members, now, cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                LogScopeConflict(logger, attempt);
            }
        }

        foreach (var mailbox in known.Values.Where(m => m.ScopeState == ScopeState.LeftScope && m.LeftScopeAt + options.Value.PurgeAfter <= now))
        {
            var removed = await purge.PurgeAsync(mailbox.Id, ScopeState.Purged, cancellationToken);
            LogPurged(logger, mailbox.Id, removed);
        }

        return [.. known.Values
            .Where(m => m.ScopeState == ScopeState.InScope && (m.NextAttemptAt is null || m.NextAttemptAt <= now))
            .OrderBy(m => m.LastSyncFinishedAt ?? DateTime.MinValue)
            .ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    private async Task<Dictionary<string, Mailbox>> ApplyAsync(List<User> members, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.Mailboxes.ToDictionaryAsync(m => m.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);

        foreach (var user in members.Where(u => u.AccountEnabled != false))
        {
            if (!known.TryGetValue(user.Id!, out var mailbox))
            {
                mailbox = new Mailbox { Id = user.Id!, UserPrincipalName = user.UserPrincipalName ?? user.Mail ?? user.Id! };
                db.Mailboxes.Add(mailbox);
                known[mailbox.Id] = mailbox;
            }

            mailbox.UserPrincipalName = user.UserPrincipalName ?? mailbox.UserPrincipalName;
            mailbox.PrimaryAddress = user.Mail ?? mailbox.PrimaryAddress;
            mailbox.DisplayName = user.DisplayName ?? mailbox.DisplayName;
            if (mailbox.ScopeState is ScopeState.LeftScope or ScopeState.Purged || mailbox.InScopeSince is null)
            {
                if (mailbox.ScopeState != ScopeState.InScope)
                {
                    LogJoined(logger, mailbox.Id);
                }

                mailbox.ScopeState = mailbox.ScopeState == ScopeState.OptedOut ? ScopeState.OptedOut : ScopeState.InScope;
                mailbox.InScopeSince = now;
                mailbox.LeftScopeAt = null;
            }
        }

        var current = members.Where(u => u.AccountEnabled != false).Select(u => u.Id!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in known.Values.Where(m => m.ScopeState == ScopeState.InScope && !current.Contains(m.Id)))
        {
            LogLeft(logger, mailbox.Id);
            mailbox.ScopeState = ScopeState.LeftScope;
            mailbox.LeftScopeAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return known;
    }

    private async Task<List<User>> MembersAsync(CancellationToken cancellationToken)
    {
        var users = new List<User>();
        if (!string.IsNullOrWhiteSpace(options.Value.OptInGroupId))
        {
            users.AddRange(await GraphPages.AllAsync(
                await client.Groups[options.Value.OptInGroupId].TransitiveMembers.GraphUser.GetAsync(c =>
                {
                    c.QueryParameters.Select = UserFields;
                    c.QueryParameters.Top = 999;
                }, cancellationToken),
                next => new Microsoft.Graph.Groups.Item.TransitiveMembers.GraphUser.GraphUserRequestBuilder(next, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
                p => p.Value));
        }

        foreach (var name in options.Value.Mailboxes.Where(m => !string.IsNullOrWhiteSpace(m)))
        {
            var user = await client.Users[name.Trim()].GetAsync(c => c.QueryParameters.Select = UserFields, cancellationToken);
            if (user is not null)
            {
                users.Add(user);
            }
        }

        return [.. users.Where(u => u.Id is not null).DistinctBy(u => u.Id, StringComparer.OrdinalIgnoreCase)];
    }

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Scope update collided with another worker (attempt {Attempt}); reading again")]
    private static partial void LogScopeConflict(ILogger logger, int attempt);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Mailbox {MailboxId} joined the scope")]
    private static partial void LogJoined(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Mailbox {MailboxId} left the scope: no longer read; its data will be purged after the grace period")]
    private static partial void LogLeft(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Mailbox {MailboxId} purged after leaving the scope ({Rows} rows removed)")]
    private static partial void LogPurged(ILogger logger, string mailboxId, int rows);
}
