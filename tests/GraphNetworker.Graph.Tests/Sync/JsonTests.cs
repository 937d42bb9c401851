using GraphNetworker.Graph.Sync;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>Text read from Graph is kept as it is unless it carries noise: control characters, broken surrogates, excess length.</summary>
public sealed class JsonTests
{
    [Theory]
    [InlineData("Dana Smith", 64, "Dana Smith")]
    [InlineData("Dana\tSmith\r\n", 64, "DanaSmith")]
    [InlineData("Dana\u0085Smith\u007F", 64, "DanaSmith")]
    [InlineData("Zoë 日本 😀", 64, "Zoë 日本 😀")]
    [InlineData("abcdef", 4, "abcd")]
    [InlineData("abc😀", 4, "abc")]
    public void Clean_KeepsTextAsItIs_AndRemovesOnlyTheNoise(string raw, int maxLength, string expected)
    {
        Assert.Equal(expected, Json.Clean(raw, maxLength));
    }

    [Fact]
    public void Clean_ALoneSurrogate_IsDropped()
    {
        // Built here: a test case's data would reach the test with the lone surrogate already replaced.
        var raw = "broken " + (char)0xD83D + " pair";

        Assert.Equal("broken  pair", Json.Clean(raw, 64));
    }

    [Fact]
    public void Clean_TextWithNothingToClean_IsTheSameString()
    {
        var text = "AAMkAGI2TG93AGQ1LTRhYjAtNDA3ZC1iNWI2LWQ0ZTZlMWQ3YjRlMgBGAAAAAADUuTJK1K9aTpCdqXop_4NaBwCd9nJ-tVysQos2hTfspaWRAAAAAAEMAAA=";

        Assert.Same(text, Json.Clean(text, 1024));
    }
}
