using GraphNetworker.GraphEmulator.Mail;

namespace GraphNetworker.GraphEmulator;

/// <summary>Mailbox-level conditions: a mailbox Graph cannot serve, deleted folders, the Exchange application scope.</summary>
public sealed partial class EmulatorControl
{
    /// <summary>
    /// Makes one mailbox answer every mail, calendar, mailboxSettings and To Do request as Graph answers a
    /// mailbox in that condition (<see cref="MailboxCondition.Healthy"/> undoes it). Directory requests are unaffected.
    /// </summary>
    public void SetMailboxCondition(string user, MailboxCondition condition)
    {
        var owner = UserOf(user);
        if (condition == MailboxCondition.Healthy)
        {
            _state.MailboxConditions.TryRemove(owner.Id, out _);
        }
        else
        {
            _state.MailboxConditions[owner.Id] = condition;
        }
    }

    /// <summary>The conditions set by <see cref="SetMailboxCondition"/>, by user id.</summary>
    public IReadOnlyDictionary<string, MailboxCondition> MailboxConditions => _state.MailboxConditions.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>
    /// Deletes a mail folder for good, with its messages and child folders: requests naming its id answer 404
    /// <c>ErrorItemNotFound</c> and mailFolders/delta reports it removed. Well-known folders cannot be deleted.
    /// </summary>
    public void DeleteFolder(string user, string folder) => MailStore.DeleteFolder(_state, MailboxOf(user), folder);

    /// <summary>
    /// Scopes the application's Exchange access (RBAC for Applications, or an application access policy) to
    /// the members of a mail-enabled security group: mail, calendar and mailboxSettings requests for other
    /// mailboxes answer 403 <c>ErrorAccessDenied</c>; To Do is not scoped by Exchange. Null removes the scope.
    /// </summary>
    public void SetExchangeApplicationScope(string? groupId, ScopeMembership membership = ScopeMembership.Direct)
    {
        if (groupId is null)
        {
            _state.Directory.ApplicationScope = null;
            return;
        }

        var group = _state.Directory.FindGroup(groupId) ?? throw new KeyNotFoundException($"Unknown group '{groupId}'.");
        _state.Directory.ApplicationScope = new ExchangeApplicationScope(group.Id, membership);
    }

    /// <summary>The scope set by the tenant or <see cref="SetExchangeApplicationScope"/>, or null.</summary>
    public ExchangeApplicationScope? ExchangeApplicationScope => _state.Directory.ApplicationScope;
}

/// <summary>How Graph answers for a mailbox it cannot serve.</summary>
public enum MailboxCondition
{
    /// <summary>Served normally.</summary>
    Healthy,

    /// <summary>404 <c>MailboxNotEnabledForRESTAPI</c>: unlicensed, inactive, soft-deleted or on-premises.</summary>
    NotEnabledForRest,

    /// <summary>404 <c>ErrorInvalidUser</c>: Exchange does not know the user.</summary>
    InvalidUser,
}

/// <summary>Which members of the scope group are in scope.</summary>
public enum ScopeMembership
{
    /// <summary>Only direct members (a management scope's <c>MemberOfGroup</c> filter).</summary>
    Direct,

    /// <summary>Members of nested groups too (as an application access policy evaluates its group).</summary>
    Transitive,
}

/// <summary>The application's Exchange mailbox scope: a group and how its membership counts.</summary>
public sealed record ExchangeApplicationScope(string GroupId, ScopeMembership Membership);
