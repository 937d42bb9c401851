namespace GraphNetworker.Graph.Sync;

/// <summary>
/// The log category of the items a sync skips: a malformed or unusable Graph item (event 2001 for mail and calendar,
/// 2404 for Teams), each named by a hash of its id, with the reason. It is apart from the mailbox-level events so that
/// an administrator can turn the per-item lines down (<c>Logging:LogLevel:GraphNetworker.Graph.Sync.SkippedItems</c>)
/// without losing those; the cycle report counts skipped items per mailbox either way.
/// </summary>
public static class SkippedItemLog
{
    public const string Category = "GraphNetworker.Graph.Sync.SkippedItems";
}
