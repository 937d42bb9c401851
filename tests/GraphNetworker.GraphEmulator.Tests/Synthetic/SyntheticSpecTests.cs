namespace GraphNetworker.GraphEmulator.Tests.Synthetic;

public sealed class SyntheticSpecTests
{
    [Fact]
    public void Parse_DefaultDemoSpec_IsRealisticNotLazy()
    {
        var spec = SyntheticTenantSpec.Parse("synthetic:users=3,months=12,seed=42");

        Assert.Equal((3, 12, 42, false), (spec.Users, spec.Months, spec.Seed, spec.Lazy));
    }

    [Fact]
    public void Parse_BenchmarkSize_IsLazyAndNeverEmpty()
    {
        var big = SyntheticTenantSpec.Parse("synthetic:users=10000,seed=7");
        var explicitMessages = SyntheticTenantSpec.Parse("synthetic:users=10000,messagesPerMailbox=10000,seed=7,lazy=true");

        Assert.True(big.Lazy);
        Assert.Equal(1000, big.MessagesPerMailbox);
        Assert.Equal(10000, explicitMessages.MessagesPerMailbox);
    }

    [Theory]
    [InlineData("synthetic:users=0")]
    [InlineData("synthetic:users=abc")]
    [InlineData("synthetic:colour=blue")]
    [InlineData("synthetic:colleagues=2")]
    public void Parse_InvalidSpec_ThrowsNamingTheKey(string text)
    {
        var error = Assert.Throws<FormatException>(() => SyntheticTenantSpec.Parse(text));

        Assert.Contains(text.Split(':')[1].Split('=')[0], error.Message, StringComparison.Ordinal);
    }
}
