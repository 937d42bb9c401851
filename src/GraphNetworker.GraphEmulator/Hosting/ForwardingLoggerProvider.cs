namespace GraphNetworker.GraphEmulator.Hosting;

/// <summary>
/// Lets the embedded Kestrel host log warnings and errors into the caller's logger factory while its own
/// per-request information messages stay out (the host's filters apply to providers, not to a replaced factory).
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
