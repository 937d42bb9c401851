using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Reads who is in scope: the members of the opt-in group that are users, and the explicitly configured mailboxes. What
/// the store then does with them (join, leave, purge after the grace period) is the store's. Transitive members by
/// default; direct members only when Exchange scopes the app to the group's direct members
/// (<see cref="ScopeOptions.ExchangeScoping"/> Direct), so a user of a nested group, whose mail Exchange refuses, is not
/// in scope and gets no To Do tasks either. The cast on <c>transitiveMembers</c> is an advanced directory query: Graph
/// answers it only with <c>ConsistencyLevel: eventual</c> and <c>$count=true</c>, on every page; the cast on direct
/// <c>members</c> is not ("OData cast enabled", List group members). A configured mailbox that does not exist is left
/// out with a warning (it never stops the others).
/// </summary>
public sealed partial class ScopeReader(GraphServiceClient client, IOptions<ScopeOptions> options, ILogger<ScopeReader> logger)
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled"];

    public async Task<IReadOnlyList<ScopeMember>> MembersAsync(CancellationToken cancellationToken)
    {
        var users = new List<User>();
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

        foreach (var name in options.Value.Mailboxes.Where(m => !string.IsNullOrWhiteSpace(m)))
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
                LogConfiguredMailboxNotFound(logger, configured: options.Value.Mailboxes.IndexOf(name) + 1);
            }
        }

        return [.. users
            .Where(u => u.Id is not null)
            .DistinctBy(u => u.Id, StringComparer.OrdinalIgnoreCase)
            .Select(u => new ScopeMember(u.Id!, u.UserPrincipalName, u.Mail, u.DisplayName, u.AccountEnabled))];
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Configured mailbox #{Configured} in GraphNetworker:Scope:Mailboxes does not exist in the directory; it is left out of scope")]
    private static partial void LogConfiguredMailboxNotFound(ILogger logger, int configured);
}
