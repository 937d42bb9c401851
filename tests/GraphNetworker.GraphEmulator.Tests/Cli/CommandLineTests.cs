using GraphNetworker.GraphEmulator.Cli;

namespace GraphNetworker.GraphEmulator.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_NoFidelityOption_IsStrict()
    {
        var (_, options) = EmulatorCommandLine.Parse([], environment: false);

        Assert.Equal(AdvancedQueryRule.Required, options.Fidelity.AdvancedQueries);
        Assert.Equal(TimeSpan.FromDays(365), options.Fidelity.CalendarWindowServiceUnavailableAbove);
        Assert.True(options.Fidelity.RssFeedsFolder);
    }

    [Fact]
    public void Parse_FidelityLegacyWithOneStrictOverride_TakesLegacyExceptTheOverride()
    {
        var (_, options) = EmulatorCommandLine.Parse(["--fidelity", "legacy", "--Emulator:Fidelity:TodoDateTimes", "UtcDateOnly"], environment: false);

        Assert.Equal(AdvancedQueryRule.NotRequired, options.Fidelity.AdvancedQueries);
        Assert.Equal(BatchMailboxConcurrency.Queue, options.Fidelity.BatchMailboxConcurrency);
        Assert.Null(options.Fidelity.CalendarWindowServiceUnavailableAbove);
        Assert.Equal(TodoDateTimes.UtcDateOnly, options.Fidelity.TodoDateTimes);
    }

    [Fact]
    public void Parse_LegacyList_SwitchesOnlyThoseBehaviours()
    {
        var (_, options) = EmulatorCommandLine.Parse(["--legacy", "AdvancedQueries, rssFeedsFolder"], environment: false);

        Assert.Equal(AdvancedQueryRule.NotRequired, options.Fidelity.AdvancedQueries);
        Assert.False(options.Fidelity.RssFeedsFolder);
        Assert.Equal(BatchMailboxConcurrency.ThrottleExcessSteps, options.Fidelity.BatchMailboxConcurrency);
        Assert.True(options.Fidelity.PartialDeltaUpdates);
    }

    [Fact]
    public void Parse_UnknownLegacyBehaviour_ThrowsNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(["--legacy", "Nope"], environment: false));

        Assert.Contains("AdvancedQueries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_EveryBehaviour_DiffersFromStrictExceptTheRemovedReasonAndEndlessList()
    {
        var strict = GraphFidelityOptions.Strict;
        var legacy = GraphFidelityOptions.Legacy;

        var same = GraphFidelityOptions.Behaviours
            .Where(b => Equals(Value(strict, b), Value(legacy, b)) || (Value(strict, b) is List<string> a && Value(legacy, b) is List<string> c && a.SequenceEqual(c)))
            .Order(StringComparer.Ordinal);

        Assert.Equal([nameof(GraphFidelityOptions.EndlessCalendarDeltaMailboxes), nameof(GraphFidelityOptions.MessageRemovedReason)], same);
    }

    private static object? Value(GraphFidelityOptions options, string behaviour) =>
        typeof(GraphFidelityOptions).GetProperty(behaviour)!.GetValue(options);
}
