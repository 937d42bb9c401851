namespace GraphNetworker.GraphEmulator;

/// <summary>The emulator's log messages (stable event ids; never tokens or message content).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Graph emulator listening on {BaseUrl} (control API {ControlUrl})")]
    public static partial void Listening(ILogger logger, Uri baseUrl, Uri controlUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Tenant loaded from {Source}: {Users} users, seed {Seed}")]
    public static partial void TenantLoaded(ILogger logger, string source, int users, ulong seed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Endpoint}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string method, string? endpoint);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Scripted fault {Kind} answered {Method} {Path}")]
    public static partial void FaultInjected(ILogger logger, FaultKind kind, string method, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Tenant snapshot written to {Folder}")]
    public static partial void SnapshotWritten(ILogger logger, string folder);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Delta tokens invalidated (mailbox {Mailbox}, collection {Collection})")]
    public static partial void TokensInvalidated(ILogger logger, string? mailbox, string? collection);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Graph emulator stopped")]
    public static partial void Stopped(ILogger logger);
}
