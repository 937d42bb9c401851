using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Tests.Core;

public sealed class OpaqueIdsTests
{
    [Fact]
    public void OpaqueIds_Next_IsBase64UrlWithDashUnderscoreAndPadding()
    {
        var ids = new OpaqueIds(42);

        var a = ids.Next(IdKind.Message);
        var b = ids.Next(IdKind.Message);

        Assert.NotEqual(a, b);
        Assert.Contains('-', a);
        Assert.Contains('_', a);
        Assert.EndsWith("=", a, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_=-]+$", a);
    }

    [Fact]
    public void OpaqueIds_FromInts_RoundTripsAndRejectsTampering()
    {
        var id = OpaqueIds.FromInts(IdKind.LazyMessage, 7, 12, 1, 345);

        Assert.True(OpaqueIds.TryReadInts(id, IdKind.LazyMessage, 7, out var m, out var f, out var i));
        Assert.Equal((12, 1, 345), (m, f, i));
        Assert.False(OpaqueIds.TryReadInts(id, IdKind.LazyMessage, 8, out _, out _, out _));
        Assert.False(OpaqueIds.TryReadInts(id.ToUpperInvariant(), IdKind.LazyMessage, 7, out _, out _, out _));
    }

    [Fact]
    public void OpaqueIds_Wrap_RoundTripsText()
    {
        var id = OpaqueIds.Wrap(IdKind.Occurrence, "AAMk-master=|20260302T160000");

        Assert.EndsWith("=", id, StringComparison.Ordinal);
        Assert.True(OpaqueIds.TryUnwrap(id, IdKind.Occurrence, out var text));
        Assert.Equal("AAMk-master=|20260302T160000", text);
    }
}
