using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.OData;

namespace GraphNetworker.GraphEmulator.Tests.OData;

public sealed class FilterTests
{
    private static readonly JsonObject User = JsonNode.Parse("""
        {"mail":"Dana@Contoso.com","accountEnabled":false,"displayName":"Dana Smith",
         "proxyAddresses":["SMTP:dana@contoso.com","X500:/o=ExchangeLabs/cn=Recipients/cn=abc-dana"],
         "receivedDateTime":"2026-03-04T17:12:03Z",
         "singleValueExtendedProperties":[{"id":"String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Key","value":"p-1"}]}
        """)!.AsObject();

    [Theory]
    [InlineData("proxyAddresses/any(p:p eq 'x500:/O=EXCHANGELABS/CN=RECIPIENTS/CN=ABC-DANA')", true)]
    [InlineData("proxyAddresses/any(p:p eq 'X500:/o=other')", false)]
    [InlineData("mail eq 'dana@contoso.com' and accountEnabled eq false", true)]
    [InlineData("mail eq 'x@y' or startswith(displayName,'dana')", true)]
    [InlineData("not (accountEnabled eq false)", false)]
    [InlineData("receivedDateTime ge 2026-03-01T00:00:00Z", true)]
    [InlineData("receivedDateTime gt 2026-03-04T17:12:03Z", false)]
    [InlineData("jobTitle eq null", true)]
    public void Directory_Evaluate_MatchesAsEntraDoes(string filter, bool expected) =>
        Assert.Equal(expected, FilterEvaluator.Directory.Matches(FilterParser.Parse(filter), User));

    [Theory]
    [InlineData("singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Key' and ep/value eq 'p-1')", true)]
    [InlineData("singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name KEY' and ep/value eq 'p-1')", false)]
    public void Outlook_ExtendedPropertyNames_AreCaseSensitive(string filter, bool expected) =>
        Assert.Equal(expected, FilterEvaluator.Outlook.Matches(FilterParser.Parse(filter), User));

    [Theory]
    [InlineData("mail eq")]
    [InlineData("(mail eq 'x'")]
    [InlineData("mail eq 'unterminated")]
    [InlineData("mail ~ 'x'")]
    public void Parse_Malformed_ThrowsFormatException(string filter) =>
        Assert.Throws<FormatException>(() => FilterParser.Parse(filter));

    [Fact]
    public void ExpandOption_NestedFilter_IsParsed()
    {
        var options = ExpandOption.Parse("singleValueExtendedProperties($filter=id eq 'String {x} Name a,b'),extensions");

        Assert.Equal(2, options.Count);
        Assert.Equal("id eq 'String {x} Name a,b'", options[0].Filter);
        Assert.Equal("extensions", options[1].Property);
    }
}
