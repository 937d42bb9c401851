using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Tests.Unit;

public sealed class PrimitivesTests
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

    [Fact]
    public void Prefer_CommaJoinedValues_AreAllRead()
    {
        var prefer = PreferOptions.Parse("odata.maxpagesize=100, IdType=\"ImmutableId\", outlook.timezone=\"Pacific Standard Time\"");

        Assert.Equal(100, prefer.MaxPageSize);
        Assert.True(prefer.ImmutableIds);
        Assert.Equal("Pacific Standard Time", prefer.TimeZone);
    }

    [Theory]
    [InlineData("/users('dana%40contoso.com')/mailFolders('inbox')/messages/delta()", "users|dana@contoso.com|mailFolders|inbox|messages|delta")]
    [InlineData("/users/x/calendarView/microsoft.graph.delta()", "users|x|calendarView|delta")]
    [InlineData("/groups/g/transitiveMembers/graph.user", "groups|g|transitiveMembers|microsoft.graph.user")]
    [InlineData("/users/x/todo/lists/AAMk-a%3D/tasks", "users|x|todo|lists|AAMk-a=|tasks")]
    public void PathParser_GraphSyntaxes_NormalizeToSegments(string path, string expected) =>
        Assert.Equal(expected, string.Join('|', PathParser.Parse(path)));

    [Theory]
    [InlineData("$select=id,subject")]
    [InlineData("%24select=id,subject")]
    [InlineData("select=id,subject")]
    public void QueryOptions_SelectSpellings_AreEquivalent(string query) =>
        Assert.Equal(["id", "subject"], QueryOptions.Parse(query).SelectList());

    [Fact]
    public void DeltaToken_SinceZero_SurvivesEncoding()
    {
        var token = new DeltaToken { Collection = "c", StateId = "s", Since = 0, Cursor = 0, ReplayPosition = 0, Query = new DeltaQuery { Select = "id" } };

        var decoded = DeltaToken.TryDecode(token.Encode())!;

        Assert.Equal(0, decoded.Since);
        Assert.False(decoded.IsInitialRound);
        Assert.Equal(0, decoded.ReplayPosition);
        Assert.Null(DeltaToken.TryDecode("not-a-token"));
    }
}
