using GraphNetworker.Graph.Sync;
using Microsoft.Kiota.Abstractions;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>
/// A stored delta or next link is followed on the configured base URL, its token untouched, and followed as Graph gave
/// it: the request the worker sends for it is the one the SDK's request builders would send.
/// </summary>
public sealed class DeltaLinkTests
{
    private const string Token = "$deltatoken=LztZwWjo5IivWBhyxw5rACKxf7mPm0oW6JZZ7fvKxYPS_67JnEYmfQQMPccy6FNfmkz59MWgC6MlJwzeyb3h0.q3f-Vbr9DmHm8Y7FLxnN4";

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0")]
    [InlineData("https://graph.microsoft.com/v1.0/")]
    public void Rebase_LinkOnTheBaseUrl_IsTheLinkItself(string baseUrl)
    {
        var link = "https://graph.microsoft.com/v1.0/users/u1/mailFolders/inbox/messages/delta?" + Token;

        Assert.Same(link, DeltaRound.Rebase(link, baseUrl));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123/v1.0", "http://127.0.0.1:5123/v1.0/users/u1/mailFolders/inbox/messages/delta?")]
    [InlineData("http://127.0.0.1:5123/v1.0/", "http://127.0.0.1:5123/v1.0/users/u1/mailFolders/inbox/messages/delta?")]
    [InlineData("https://graph.microsoft.com/v1.0x", "https://graph.microsoft.com/v1.0x/users/u1/mailFolders/inbox/messages/delta?")]
    public void Rebase_LinkOnAnotherHost_MovesToTheBaseUrl_WithItsTokenAsItWas(string baseUrl, string expectedStart)
    {
        var link = "http://127.0.0.1:4001/v1.0/users/u1/mailFolders/inbox/messages/delta?" + Token;

        Assert.Equal(expectedStart + Token, DeltaRound.Rebase(link, baseUrl));
    }

    [Fact]
    public void Rebase_LinkWithoutTheVersion_IsLeftAsItIs()
    {
        const string link = "https://example.test/odd/link";

        Assert.Same(link, DeltaRound.Rebase(link, "https://graph.microsoft.com/v1.0"));
    }

    [Fact]
    public void Follow_IsTheRequestTheSdksBuilderMakes()
    {
        var link = "https://graph.microsoft.com/v1.0/users/u1/calendarView/delta?" + Token;
        var adapter = new Microsoft.Graph.GraphServiceClient(new Microsoft.Kiota.Abstractions.Authentication.AnonymousAuthenticationProvider()).RequestAdapter;
        var built = new Microsoft.Graph.Users.Item.CalendarView.Delta.DeltaRequestBuilder(link, adapter)
            .ToGetRequestInformation(c => c.Headers.Add("Prefer", "odata.maxpagesize=50"));

        var followed = GraphPages.Follow(link, "odata.maxpagesize=50");

        Assert.Equal(Method.GET, followed.HttpMethod);
        Assert.Equal(built.URI, followed.URI);
        Assert.Equal(link, followed.URI.OriginalString);
        Assert.Equal(Lines(built.Headers), Lines(followed.Headers));
    }

    // Kiota's header collection cannot be copied to an array (CopyTo is not implemented): read it one entry at a time.
    private static List<string> Lines(RequestHeaders headers)
    {
        var lines = new List<string>();
        foreach (var (name, values) in headers)
        {
            lines.Add($"{name}: {string.Join(",", values)}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
