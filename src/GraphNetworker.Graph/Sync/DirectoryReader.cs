using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Reads the directory: every user's addresses (proxyAddresses with their X500 legacy DNs, other mails), title and
/// account state; deleted users still in the recycle bin (people who left); and mail-enabled groups, whose addresses
/// are lists rather than people.
/// </summary>
public sealed partial class DirectoryReader(GraphServiceClient client, ILogger<DirectoryReader> logger)
{
    private static readonly string[] UserFields = ["id", "displayName", "mail", "userPrincipalName", "proxyAddresses", "otherMails", "jobTitle", "accountEnabled"];

    public async Task<DirectoryObservation> ReadAsync(CancellationToken cancellationToken)
    {
        var users = await GraphPages.AllAsync(
            await client.Users.GetAsync(c => { c.QueryParameters.Select = UserFields; c.QueryParameters.Top = 999; }, cancellationToken),
            link => new Microsoft.Graph.Users.UsersRequestBuilder(link, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
            p => p.Value);
        var deleted = await DeletedAsync(cancellationToken);
        var groups = await GroupsAsync(cancellationToken);
        LogRead(logger, users.Count, deleted.Count, groups.Count);
        return new DirectoryObservation(
            [.. users.Where(u => u.Id is not null).Select(u => Observed(u, isDeleted: false))],
            [.. deleted.Where(u => u.Id is not null).Select(u => Observed(u, isDeleted: true))],
            [.. groups.Select(g => new ObservedGroup(g.Id ?? string.Empty, g.DisplayName, g.Mail, g.ProxyAddresses ?? []))]);
    }

    private static ObservedUser Observed(User user, bool isDeleted) => new()
    {
        Id = user.Id!,
        DisplayName = user.DisplayName,
        Mail = user.Mail,
        UserPrincipalName = user.UserPrincipalName,
        ProxyAddresses = user.ProxyAddresses ?? [],
        OtherMails = user.OtherMails ?? [],
        JobTitle = user.JobTitle,
        AccountEnabled = user.AccountEnabled,
        DeletedAt = user.DeletedDateTime,
        IsDeleted = isDeleted,
    };

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

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Directory read: {Users} users, {Deleted} deleted users, {Groups} mail-enabled groups")]
    private static partial void LogRead(ILogger logger, int users, int deleted, int groups);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Deleted users are not readable ({Status}); leavers are known only from disabled accounts")]
    private static partial void LogNoDeletedUsers(ILogger logger, int status);
}
