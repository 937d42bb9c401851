using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Sync;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>A calendar-view instance becomes a meeting; what cannot be read is one refused item, never a failed page.</summary>
public sealed class EventMapperTests
{
    private static readonly MailboxContext Owner = new("u1", new HashSet<string>(["avery.chen@contoso.com"], StringComparer.Ordinal), new HashSet<string>(["hold-1"], StringComparer.Ordinal));

    private static Interaction? Map(string json) => new EventMapper(new SyncOptions()).Map(JsonDocument.Parse(json).RootElement, null, Owner);

    [Theory]
    [InlineData("42")]
    [InlineData("\"an event\"")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Map_ItemThatIsNotAnObject_RefusedWithAReason(string json)
    {
        var item = JsonDocument.Parse(json).RootElement;

        Assert.False(EventMapper.IsThin(item));
        Assert.StartsWith("an item that is ", Assert.Throws<MalformedItemException>(() => Map(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_OurOwnHoldWithNobodyElse_IsMarkedAsOurs()
    {
        var hold = Map("""
            {"id":"hold-1","type":"singleInstance","start":{"dateTime":"2026-11-25T10:30:00","timeZone":"UTC"},"end":{"dateTime":"2026-11-25T11:00:00","timeZone":"UTC"},
             "isOrganizer":true,"organizer":{"emailAddress":{"address":"avery.chen@contoso.com"}},"attendees":[]}
            """)!;

        Assert.True(hold.IsOwnHold);
        Assert.Equal(MeetingResponse.Organizer, hold.OwnerResponse);
    }

    [Fact]
    public void Map_AttendeeWithAnAddressNoPersonCouldHave_CountedButNotKept()
    {
        var meeting = Map($$$"""
            {"id":"m1","start":{"dateTime":"2026-11-20T10:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-11-20T11:00:00","timeZone":"UTC"},
             "organizer":{"emailAddress":{"address":"dana@fabrikam.com"}},
             "attendees":[{"emailAddress":{"address":"{{{new string('x', 400)}}}@fabrikam.com"}},{"emailAddress":{"address":"avery.chen@contoso.com"}}]}
            """)!;

        Assert.DoesNotContain(meeting.Participants, p => p.Address.Length > 320);
        Assert.Equal(3, meeting.ParticipantCount);
    }
}
