using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Mail;

namespace GraphNetworker.GraphEmulator;

/// <summary>
/// The control operations of a running emulator, callable in-process (the HTTP control API under
/// <c>/_emulator/</c> calls the same methods). Users are named by id or userPrincipalName; folders by id or
/// well-known name. Changes made here appear in the next delta round like changes made through Graph.
/// </summary>
public sealed partial class EmulatorControl
{
    private readonly EmulatorState _state;

    internal EmulatorControl(EmulatorState state) => _state = state;

    /// <summary>The behavioural settings in force; changes apply to the next request.</summary>
    public GraphEmulatorOptions Settings => _state.Settings;

    /// <summary>What the synthetic generator put where (null for snapshot tenants).</summary>
    public SyntheticManifest? SyntheticManifest => _state.Manifest;

    /// <summary>The emulator clock's "now".</summary>
    public DateTimeOffset Now => _state.Now;

    /// <summary>Moves the emulator clock forward (Retry-After windows, token ages); the configured TimeProvider is unchanged.</summary>
    public void AdvanceClock(TimeSpan by) => _state.Clock.Advance(by);

    /// <summary>Sets the emulator clock to <paramref name="now"/>.</summary>
    public void SetClock(DateTimeOffset now) => _state.Clock.Set(now);

    /// <summary>New mail arriving: adds a Graph message to a folder and returns its id.</summary>
    public string AddMessage(string user, string folder, JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MailStore.AddMessage(_state, MailboxOf(user), folder, message);
    }

    /// <summary>Changes properties of a message (e.g. <c>isRead</c>); the next delta round reports it as updated.</summary>
    public void UpdateMessage(string user, string messageId, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        MailStore.UpdateMessage(_state, MailboxOf(user), messageId, patch);
    }

    /// <summary>Deletes a message; the next delta round of its folder reports <c>@removed</c>.</summary>
    public void DeleteMessage(string user, string messageId) => MailStore.DeleteMessage(_state, MailboxOf(user), messageId);

    /// <summary>Moves a message to another folder and returns its new REST id (the immutable id does not change).</summary>
    public string MoveMessage(string user, string messageId, string destinationFolder) =>
        MailStore.MoveMessage(_state, MailboxOf(user), messageId, destinationFolder);

    /// <summary>Creates a mail folder (under the message root unless a parent is named) and returns its id.</summary>
    public string AddFolder(string user, string displayName, string? parentFolder = null) =>
        MailStore.AddFolder(_state, MailboxOf(user), displayName, parentFolder);

    /// <summary>Makes every outstanding delta/skip token of the mailbox (or one collection, or all) expire.</summary>
    /// <param name="user">A user id or UPN; null for every mailbox.</param>
    /// <param name="collection">A folder id or well-known name, <c>calendar</c>, <c>folders</c>, or a To Do list id; null for all.</param>
    public void InvalidateDeltaTokens(string? user = null, string? collection = null)
    {
        var mailboxes = user is null ? _state.Mailboxes.Materialized.ToList() : [MailboxOf(user)];
        foreach (var mailbox in mailboxes)
        {
            lock (mailbox.Gate)
            {
                foreach (var c in Collections(mailbox, collection))
                {
                    c.Generation++;
                }
            }
        }

        Log.TokensInvalidated(_state.Logger, user, collection);
    }

    /// <summary>Makes a bearer token invalid: requests with it get 401.</summary>
    public void RevokeAccessToken(string token) => _state.RevokedTokens[token] = true;

    public void AddFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _state.Faults.Add(rule);
    }

    public void ClearFaults() => _state.Faults.Clear();

    public IReadOnlyList<FaultRule> Faults => _state.Faults.Active();

    /// <summary>The request log, oldest first (bounded by <see cref="GraphEmulatorOptions.RequestLogCapacity"/>).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Log.Snapshot();

    public void ClearRequests() => _state.Log.Clear();

    /// <summary>
    /// The first request in the log that matches, already answered or when it is (a request is logged as it is
    /// answered): a test waits on this instead of polling <see cref="Requests"/>. Needs the request log on.
    /// </summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, CancellationToken cancellationToken = default) =>
        _state.Log.WhenAsync(match, cancellationToken);

    public EmulatorStatistics Statistics => _state.Stats.Snapshot();

    /// <summary>Clears statistics and the limiter's history (in-flight counts restart from zero).</summary>
    public void ResetStatistics()
    {
        _state.Stats.Reset();
        _state.Throttler.Reset();
    }

    /// <summary>Re-reads logging and statistics switches after <see cref="Settings"/> changed.</summary>
    public void ApplySettings()
    {
        _state.Log.Capacity = _state.Settings.RequestLogCapacity;
        _state.Stats.Enabled = _state.Settings.CollectStatistics;
    }

    internal Mailbox MailboxOf(string user)
    {
        var owner = UserOf(user);
        if (!owner.HasMailbox)
        {
            throw new ArgumentException($"User '{user}' has no mailbox.", nameof(user));
        }

        return _state.Mailboxes.GetOrCreate(owner);
    }

    internal DirectoryUser UserOf(string user) =>
        _state.Directory.Find(user) ?? throw new KeyNotFoundException($"Unknown user '{user}'.");

    private static IEnumerable<Delta.ItemCollection> Collections(Mailbox mailbox, string? name)
    {
        if (name is null)
        {
            yield return mailbox.Folders;
            yield return mailbox.Events;
            yield return mailbox.TodoLists;
            foreach (var c in mailbox.MessageCollections)
            {
                yield return c;
            }

            foreach (var (_, list) in mailbox.TodoLists.LiveItems())
            {
                if (mailbox.TasksIn(list.Id) is { } tasks)
                {
                    yield return tasks;
                }
            }

            yield break;
        }

        if (name.Equals("calendar", StringComparison.OrdinalIgnoreCase) || name.Equals("events", StringComparison.OrdinalIgnoreCase))
        {
            yield return mailbox.Events;
        }
        else if (name.Equals("folders", StringComparison.OrdinalIgnoreCase))
        {
            yield return mailbox.Folders;
        }
        else if (mailbox.ResolveFolderId(name) is { } folderId)
        {
            yield return mailbox.MessagesIn(folderId)!;
        }
        else if (mailbox.TasksIn(name) is { } tasks)
        {
            yield return tasks;
        }
        else
        {
            throw new ArgumentException($"Unknown collection '{name}'.", nameof(name));
        }
    }
}
