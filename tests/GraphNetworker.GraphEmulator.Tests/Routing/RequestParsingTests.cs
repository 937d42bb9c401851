using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Tests.Routing;

public sealed class RequestParsingTests
{
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
}
