using System.Collections.Concurrent;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.Graph.Access;

/// <summary>
/// Mailboxes whose mail or calendar Exchange refused (403) at their last sync: outside the app's Exchange scope (RBAC
/// for Applications, an application access policy). To Do is not scoped by Exchange and would still accept tasks, so the
/// Outlook writer writes nothing for them until a sync succeeds again: GraphNetworker keeps to what Exchange allows.
/// </summary>
public sealed class OutOfScopeMailboxes
{
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.OrdinalIgnoreCase);

    public bool IsRefused(string mailboxId) => _refused.ContainsKey(mailboxId);

    internal void Refused(string mailboxId) => _refused[mailboxId] = 0;

    internal void Allowed(string mailboxId) => _refused.TryRemove(mailboxId, out _);
}

/// <summary>
/// Exchange refused the mailbox's mail or calendar (403): it is outside the app's Exchange scope. The mailbox fails this
/// cycle with this reason (Graph's status and code, and what it means), and no To Do task or hold is written for it.
/// </summary>
public sealed class MailboxOutOfScopeException : ODataError
{
    public MailboxOutOfScopeException(ODataError refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ResponseStatusCode = refusal.ResponseStatusCode;
        Error = new MainError
        {
            Code = refusal.Error?.Code ?? "ErrorAccessDenied",
            Message = "Exchange refuses this mailbox's mail or calendar: it is outside the app's Exchange scope (RBAC for Applications, "
                + "an application access policy) or a mailbox permission is not granted, so nothing is read and no To Do task or hold is written for it. "
                + "With Exchange scoping the user must be a direct member of the opt-in group (GraphNetworker:Scope:ExchangeScoping), "
                + "and a scope change takes up to two hours.",
        };
    }
}
