using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Reads who is in scope: the transitive members of the opt-in group that are users, and the explicitly configured
/// mailboxes. What the store then does with them (join, leave, purge after the grace period) is the store's.
/// </summary>
public sealed class ScopeReader(GraphServiceClient client, IOptions<ScopeOptions> options)
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled"];

    public async Task<IReadOnlyList<ScopeMember>> MembersAsync(CancellationToken cancellationToken)
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

        return [.. users
            .Where(u => u.Id is not null)
            .DistinctBy(u => u.Id, StringComparer.OrdinalIgnoreCase)
            .Select(u => new ScopeMember(u.Id!, u.UserPrincipalName, u.Mail, u.DisplayName, u.AccountEnabled))];
    }
}
