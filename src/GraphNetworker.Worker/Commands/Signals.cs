using System.CommandLine;
using System.Runtime.InteropServices;

namespace GraphNetworker.Worker.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM stop a command cleanly: its cancellation token fires, the command finishes or abandons
/// the page in hand (every committed page stays committed), leases are released and telemetry is flushed as the
/// command's hosts dispose. SIGTERM is how Container Apps stops a revision. A second signal ends the process at once.
/// </summary>
public static class Signals
{
    public static async Task<int> InvokeAsync(ParseResult parse)
    {
        using var stopping = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            // The first signal asks to stop; a second one, while stopping, is the default: end now.
            context.Cancel = !stopping.IsCancellationRequested;
            stopping.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        // Stopping on a signal is the normal end of `run` and of the demo's preview: the command's own exit code stands.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stopping.Token);
    }
}
