using Spectre.Console;

namespace GraphNetworker.Worker.Commands;

/// <summary>
/// Output that fits where it goes: colour, links and live progress on a terminal; plain text (no escape codes) when
/// the output is a file, a pipe or CI, or when <c>NO_COLOR</c> is set (https://no-color.org). Redirected output has
/// no window, so <c>COLUMNS</c> sets the tables' width.
/// </summary>
public static class ConsoleOutput
{
    public static void Configure()
    {
        var redirected = Console.IsOutputRedirected;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        if (redirected || noColor)
        {
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        }

        if (redirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40)
        {
            AnsiConsole.Profile.Width = columns;
        }
    }
}
