using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Sync.Teams;

/// <summary>The optional Teams sources.</summary>
public enum TeamsSource
{
    Chats,
    Calls,
}

/// <summary>Whether a Teams source is read: on, off by configuration, or refused by Graph (with why and since when).</summary>
public sealed record TeamsSourceState(TeamsSource Source, bool Configured, bool? Granted, string? Reason, DateTimeOffset? Since)
{
    public bool IsOn => Configured && Granted != false;
}

/// <summary>
/// Which optional Teams sources this process reads. Their permissions are optional: a 403 means the administrator did
/// not grant them (or, for chats, that the last-message preview is refused under Chat.ReadBasic.All), so the source is
/// switched off for <see cref="SyncOptions.TeamsAccessRecheck"/> and mail and calendar go on exactly as before; one
/// request a day asks again. The state is per process (a restart asks again at once).
/// </summary>
public sealed class TeamsAccess(IOptions<SyncOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<TeamsSource, TeamsSourceState> _states = new();

    public bool IsConfigured(TeamsSource source) => source == TeamsSource.Chats ? options.Value.TeamsChats : options.Value.TeamsCalls;

    /// <summary>True when the source is configured and not refused recently.</summary>
    public bool ShouldRead(TeamsSource source)
    {
        if (!IsConfigured(source))
        {
            return false;
        }

        return !_states.TryGetValue(source, out var state) || state.Granted != false || time.GetUtcNow() - state.Since >= options.Value.TeamsAccessRecheck;
    }

    public void Granted(TeamsSource source) => _states[source] = new TeamsSourceState(source, true, true, null, time.GetUtcNow());

    /// <summary>Graph refused the source; returns true when it was not already known to be off (worth a log line).</summary>
    public bool Refused(TeamsSource source, string reason)
    {
        var wasOff = _states.TryGetValue(source, out var previous) && previous.Granted == false;
        _states[source] = new TeamsSourceState(source, true, false, reason, time.GetUtcNow());
        return !wasOff;
    }

    /// <summary>What this process knows about each source, for <c>doctor</c> and the logs.</summary>
    public IReadOnlyList<TeamsSourceState> States() =>
        [.. Enum.GetValues<TeamsSource>().Select(s => IsConfigured(s)
            ? _states.GetValueOrDefault(s) ?? new TeamsSourceState(s, true, null, null, null)
            : new TeamsSourceState(s, false, null, "off in configuration (GraphNetworker:Sync:Teams" + s + ")", null))];
}
