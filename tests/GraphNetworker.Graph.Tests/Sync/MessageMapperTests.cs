using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Sync;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>A Graph message becomes the engine's interaction: metadata only, the direction right, bad items refused with a reason.</summary>
public sealed class MessageMapperTests
{
    private static readonly MailboxContext Owner = new("u1", new HashSet<string>(["avery.chen@contoso.com"], StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    private static Interaction? Map(string json, bool sentFolder = false) =>
        new MessageMapper(new SyncOptions()).Map(JsonDocument.Parse(json).RootElement, sentFolder, Owner);

    private static string Message(string headers = "[]", string classification = "focused", string from = "dana@fabrikam.com") => $$$"""
        {"id":"AAMk1","from":{"emailAddress":{"name":"Dana","address":"{{{from}}}"}},
         "toRecipients":[{"emailAddress":{"name":"Avery Chen","address":"avery.chen@contoso.com"}}],
         "receivedDateTime":"2026-11-20T10:00:00Z","sentDateTime":"2026-11-20T09:59:00Z",
         "inferenceClassification":"{{{classification}}}","internetMessageHeaders":{{{headers}}},"subject":"Secret plans"}
        """;

    [Theory]
    [InlineData("""[{"name":"List-Unsubscribe","value":"<mailto:x@y>"}]""", BulkSignals.ListUnsubscribe)]
    [InlineData("""[{"name":"list-id","value":"<news.fabrikam.com>"}]""", BulkSignals.ListId)]
    [InlineData("""[{"name":"Precedence","value":"List"}]""", BulkSignals.PrecedenceBulk)]
    [InlineData("""[{"name":"Precedence","value":"junk"}]""", BulkSignals.PrecedenceBulk)]
    [InlineData("""[{"name":"Auto-Submitted","value":"auto-generated"}]""", BulkSignals.AutoSubmitted)]
    [InlineData("""[{"name":"Auto-Submitted","value":"no"}]""", BulkSignals.None)]
    [InlineData("""[{"name":"Precedence","value":"first-class"}]""", BulkSignals.None)]
    public void Map_ListHeaders_BecomeTheBulkSignalsTheyMean(string headers, BulkSignals expected)
    {
        Assert.Equal(expected, Map(Message(headers))!.Bulk);
    }

    [Fact]
    public void Map_FocusedOther_IsKeptAsASignal()
    {
        Assert.Equal(BulkSignals.ClassifiedOther, Map(Message(classification: "other"))!.Bulk);
    }

    [Fact]
    public void Map_MailFromTheOwner_IsSent_AndSubjectsAreNotKeptByDefault()
    {
        var sent = Map(Message(from: "Avery.Chen@contoso.com"))!;
        var received = Map(Message())!;

        Assert.Equal((InteractionKind.EmailSent, InteractionKind.EmailReceived), (sent.Kind, received.Kind));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 59, 0, TimeSpan.Zero), sent.OccurredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), received.OccurredAt);
        Assert.Null(received.Subject);
        Assert.Equal([ParticipantRole.From, ParticipantRole.To], received.Participants.Select(p => p.Role));
    }

    [Theory]
    [InlineData("""{"from":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"2026-11-20T10:00:00Z"}""", "missing id")]
    [InlineData("""{"id":"x","receivedDateTime":"2026-11-20T10:00:00Z"}""", "missing sender")]
    [InlineData("""{"id":"x","from":{"emailAddress":{"address":"dana@fabrikam.com"}}}""", "no sent or received time")]
    [InlineData("""{"id":"x","from":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"yesterday"}""", "'receivedDateTime' is an impossible date")]
    [InlineData("""{"id":"x","from":"dana","receivedDateTime":"2026-11-20T10:00:00Z"}""", "'from' is String, not an object")]
    [InlineData("""{"id":"x","from":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"2026-11-20T10:00:00Z","internetMessageHeaders":[{"name":"Received","value":42}]}""", "'value' is Number, not text")]
    [InlineData("""{"id":"x","from":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"2026-11-20T10:00:00Z","internetMessageHeaders":{"name":"Received"}}""", "'internetMessageHeaders' is Object, not a list")]
    public void Map_UnreadableItem_RefusedWithAReasonThatHoldsNoContent(string json, string reason)
    {
        var refused = Assert.Throws<MalformedItemException>(() => Map(json));

        Assert.Equal(reason, refused.Message);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20T10:00:00.1234567Z", "2026-11-20T10:00:00.1234567Z")]
    [InlineData("2026-11-20T12:00:00+02:00", "2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20T05:00:00-05:00", "2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20T10:00:00", "2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20 10:00:00Z", "2026-11-20T10:00:00Z")]
    public void Map_TimesInAnyIsoForm_AreTheSameInstantInUtc(string received, string expected)
    {
        var mapped = Map($$$"""{"id":"x","from":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"{{{received}}}"}""")!;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), mapped.OccurredAt);
        Assert.Equal(TimeSpan.Zero, mapped.OccurredAt.Offset);
    }

    [Theory]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("2200-01-01T00:00:01Z")]
    [InlineData("2026-02-30T10:00:00Z")]
    public void Map_ImpossibleTimes_AreRefused(string received)
    {
        var refused = Assert.Throws<MalformedItemException>(() =>
            Map($$$"""{"id":"x","from":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"{{{received}}}"}"""));

        Assert.Equal("'receivedDateTime' is an impossible date", refused.Message);
    }

    [Fact]
    public void Map_APropertyGivenTwice_IsReadAsItsLastCopy()
    {
        var mapped = Map("""
            {"id":"x","from":{"emailAddress":{"address":"first@fabrikam.com"}},"receivedDateTime":"2026-11-20T10:00:00Z",
             "from":{"emailAddress":{"address":"last@fabrikam.com"}}}
            """)!;

        Assert.Equal("last@fabrikam.com", mapped.Participants[0].Address);
    }

    [Fact]
    public void Map_PropertyNamesWrittenWithJsonEscapes_AreReadAsTheNamesTheyAre()
    {
        var mapped = Map("""
            {"\u0069d":"x","fr\u006Fm":{"emailAddress":{"address":"dana@fabrikam.com"}},"receivedDateTime":"2026-11-20T10:00:00Z"}
            """)!;

        Assert.Equal(("x", "dana@fabrikam.com"), (mapped.ItemId, mapped.Participants[0].Address));
    }

    [Fact]
    public void Map_Draft_IsNotContact()
    {
        Assert.Null(Map("""{"id":"d1","isDraft":true,"receivedDateTime":"2026-11-20T10:00:00Z"}"""));
    }
}
