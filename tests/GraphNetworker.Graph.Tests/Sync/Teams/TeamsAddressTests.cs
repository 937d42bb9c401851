using System.Text.Json;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Sync.Teams;

namespace GraphNetworker.Graph.Tests.Sync.Teams;

/// <summary>
/// Teams gives members' and participants' addresses with no bound on their length: one longer than any address kept is
/// not cut short into another, real-looking address; the person is kept by their Entra id instead.
/// </summary>
public sealed class TeamsAddressTests
{
    private const string OwnerId = "00000000-0000-0000-0000-0000000000aa";
    private const string OtherId = "00000000-0000-0000-0000-0000000000bb";
    /// <summary>Cut at 320 characters it would still read as an address (dana@sub.sub…): a different one.</summary>
    private static readonly string TooLong = "dana@" + string.Concat(Enumerable.Repeat("sub.", 80)) + "fabrikam.com";

    private static readonly MailboxContext Owner = new(
        OwnerId, new HashSet<string>(["avery.chen@contoso.com"], StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    [Fact]
    public void ChatMember_WithAnAddressLongerThanAnyKept_IsKeptByTheirEntraId()
    {
        var chat = Parse("""
            {"id":"19:chat@thread.v2","chatType":"oneOnOne",
             "lastMessagePreview":{"createdDateTime":"2026-11-20T10:00:00Z","messageType":"message","from":{"user":{"id":"00000000-0000-0000-0000-0000000000bb"}}}}
            """);
        var members = new[]
        {
            Parse($$"""{"userId":"{{OwnerId}}","email":"avery.chen@contoso.com","displayName":"Avery"}"""),
            Parse($$"""{"userId":"{{OtherId}}","email":"{{TooLong}}","displayName":"Long"}"""),
        };

        var chatted = ChatMapper.Map(chat, members, Owner, "avery.chen@contoso.com")!;

        Assert.Contains(chatted.Participants, p => p.Address == "teams:" + OtherId);
        Assert.All(chatted.Participants, p => Assert.DoesNotContain("sub.sub", p.Address, StringComparison.Ordinal));
    }

    [Fact]
    public void CallParticipant_WithAPrincipalNameLongerThanAnyKept_IsKeptByTheirEntraId()
    {
        var call = Parse($$$"""
            {"id":"call-1","startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T10:30:00Z",
             "participants_v2":[
               {"identity":{"user":{"id":"{{{OwnerId}}}","displayName":"Avery","userPrincipalName":"avery.chen@contoso.com" } } },
               {"identity":{"user":{"id":"{{{OtherId}}}","displayName":"Long","userPrincipalName":"{{{TooLong}}}" } } } ]}
            """);

        var called = CallRecordMapper.Map(call, Owner, "avery.chen@contoso.com", morePages: false)!;

        Assert.Contains(called.Participants, p => p.Address == "teams:" + OtherId);
        Assert.All(called.Participants, p => Assert.DoesNotContain("sub.sub", p.Address, StringComparison.Ordinal));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
