using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Sync;

/// <summary>Who is in scope, and the configured mailboxes left out because they could not be resolved.</summary>
public sealed record ScopeReading(IReadOnlyList<ScopeMember> Members, IReadOnlyList<UnresolvedMailbox> Unresolved);

/// <summary>
/// A <c>GraphNetworker:Scope:Mailboxes</c> entry left out, and why: by its position (1-based), which is what logs and
/// health show (the entry itself names a person). <see cref="Unreadable"/>: Graph would not say whether it exists (any
/// error but a 404), so a mailbox already known by that name keeps its place in scope.
/// </summary>
public sealed record UnresolvedMailbox(int Configured, string Reason, string Name, bool Unreadable);

/// <summary>
/// Reads who is in scope: the members of the opt-in group that are users, and the explicitly configured mailboxes. What
/// the store then does with them (join, leave, purge after the grace period) is the store's. Transitive members by
/// default; direct members only when Exchange scopes the app to the group's direct members
/// (<see cref="ScopeOptions.ExchangeScoping"/> Direct), so a user of a nested group, whose mail Exchange refuses, is not
/// in scope and gets no To Do tasks either. The cast on <c>transitiveMembers</c> is an advanced directory query: Graph
/// answers it only with <c>ConsistencyLevel: eventual</c> and <c>$count=true</c>, on every page; the cast on direct
/// <c>members</c> is not ("OData cast enabled", List group members). A configured mailbox that does not exist, or that
/// Graph will not read, is left out with a warning and a health entry (it never stops the others).
/// </summary>
public sealed partial class ScopeReader(GraphServiceClient client, IOptions<ScopeOptions> options, ILogger<ScopeReader> logger)
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled"];

    /// <summary>The members in scope (see <see cref="ReadAsync"/> for the configured entries that could not be resolved).</summary>
    public async Task<IReadOnlyList<ScopeMember>> MembersAsync(CancellationToken cancellationToken) => (await ReadAsync(cancellationToken)).Members;

    /// <summary>
    /// The members in scope, and the configured mailboxes that could not be resolved: one that does not exist (404) or
    /// that Graph refuses or fails to read (any other error after the retry layer's retries, a 403 or a 400 for a
    /// malformed name among them) is left out with its reason, and never stops the others. A 401 is the app's
    /// credential, not the entry's: it fails the read as it would every other.
    /// </summary>
    public async Task<ScopeReading> ReadAsync(CancellationToken cancellationToken)
    {
        var users = new List<User>();
        var unresolved = new List<UnresolvedMailbox>();
        if (!string.IsNullOrWhiteSpace(options.Value.OptInGroupId) && options.Value.ExchangeScoping == ExchangeScoping.Direct)
        {
            users.AddRange(await GraphPages.AllAsync(
                await client.Groups[options.Value.OptInGroupId].Members.GraphUser.GetAsync(c =>
                {
                    c.QueryParameters.Select = UserFields;
                    c.QueryParameters.Top = 999;
                }, cancellationToken),
                next => new Microsoft.Graph.Groups.Item.Members.GraphUser.GraphUserRequestBuilder(next, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
                p => p.Value));
        }
        else if (!string.IsNullOrWhiteSpace(options.Value.OptInGroupId))
        {
            users.AddRange(await GraphPages.AllAsync(
                await client.Groups[options.Value.OptInGroupId].TransitiveMembers.GraphUser.GetAsync(c =>
                {
                    c.QueryParameters.Select = UserFields;
                    c.QueryParameters.Top = 999;
                    c.QueryParameters.Count = true;
                    c.Headers.Add("ConsistencyLevel", "eventual");
                }, cancellationToken),
                next => new Microsoft.Graph.Groups.Item.TransitiveMembers.GraphUser.GraphUserRequestBuilder(next, client.RequestAdapter)
                    .GetAsync(c => c.Headers.Add("ConsistencyLevel", "eventual"), cancellationToken),
                p => p.Value));
        }

        foreach (var (name, position) in options.Value.Mailboxes.Select((m, i) => (m, i + 1)).Where(m => !string.IsNullOrWhiteSpace(m.m)))
        {
            try
            {
                var user = await client.Users[name.Trim()].GetAsync(c => c.QueryParameters.Select = UserFields, cancellationToken);
                if (user is not null)
                {
                    users.Add(user);
                }
            }
            catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 404)
            {
                LogConfiguredMailboxNotFound(logger, configured: position);
                unresolved.Add(new UnresolvedMailbox(position, $"not found (Graph 404 {e.Error?.Code})", name, Unreadable: false));
            }
            catch (Microsoft.Kiota.Abstractions.ApiException e) when (e.ResponseStatusCode != 401)
            {
                var reason = e is Microsoft.Graph.Models.ODataErrors.ODataError { Error.Code: { } code } ? $"Graph {e.ResponseStatusCode} {code}" : $"Graph {e.ResponseStatusCode}";
                LogConfiguredMailboxUnreadable(logger, configured: position, reason);
                unresolved.Add(new UnresolvedMailbox(position, reason, name, Unreadable: true));
            }
        }

        return new ScopeReading(
            [.. users
                .Where(u => u.Id is not null)
                .DistinctBy(u => u.Id, StringComparer.OrdinalIgnoreCase)
                .Select(u => new ScopeMember(u.Id!, u.UserPrincipalName, u.Mail, u.DisplayName, u.AccountEnabled))],
            unresolved);
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Configured mailbox #{Configured} in GraphNetworker:Scope:Mailboxes could not be read ({Reason}); it is left out of scope this cycle")]
    private static partial void LogConfiguredMailboxUnreadable(ILogger logger, int configured, string reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Configured mailbox #{Configured} in GraphNetworker:Scope:Mailboxes does not exist in the directory; it is left out of scope")]
    private static partial void LogConfiguredMailboxNotFound(ILogger logger, int configured);
}
