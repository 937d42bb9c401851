namespace GraphNetworker.GraphEmulator.Hosting;

/// <summary>
/// The emulator's Kestrel host is embedded (in a test, in the worker's demo, or in the CLI, which handles
/// Ctrl+C itself): it must not take over console signals the way the default ConsoleLifetime does.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
