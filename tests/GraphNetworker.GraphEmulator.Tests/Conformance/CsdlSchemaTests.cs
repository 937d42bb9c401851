using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tests.Conformance;

/// <summary>The schema checker itself: it must accept Graph's documented shapes and catch every kind of mismatch.</summary>
public sealed class CsdlSchemaTests
{
    private static readonly CsdlTypeRef Message = new("microsoft.graph.message", false);

    private static List<string> Check(string json, CsdlTypeRef type) => CsdlSchema.V1.Check(JsonNode.Parse(json), type);

    [Fact]
    public void Check_DocumentedDeltaMessage_Conforms()
    {
        var problems = Check("""
            {"@odata.type":"#microsoft.graph.message","@odata.etag":"W/\"CQAAABYAAAARn2vdzPFjSbaPPxzjlzOTAAASsKZz\"",
             "subject":"Holiday hours update","isRead":false,"categories":[],"receivedDateTime":"2016-12-09T20:30:00Z",
             "sender":{"emailAddress":{"name":"Dana Swope","address":"danas@contoso.com"}},"importance":"normal",
             "flag":{"flagStatus":"notFlagged"},"id":"AAMkADNkNAAASq35xAAA="}
            """, Message);

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""{"sizeInBytes":1}""", "has no property 'sizeInBytes'")]
    [InlineData("""{"isRead":"yes"}""", "is not a valid Edm.Boolean")]
    [InlineData("""{"receivedDateTime":"2016-12-09 20:30"}""", "is not a valid Edm.DateTimeOffset")]
    [InlineData("""{"importance":"urgent"}""", "is not a member of microsoft.graph.importance")]
    [InlineData("""{"toRecipients":{"emailAddress":{}}}""", "instead of Collection(microsoft.graph.recipient)")]
    [InlineData("""{"from":{"emailAddress":{"mail":"x"}}}""", "microsoft.graph.emailAddress has no property 'mail'")]
    [InlineData("""{"@odata.type":"#microsoft.graph.nope"}""", "is not a type of the schema")]
    [InlineData("""{"@odata.type":"#microsoft.graph.event"}""", "is not microsoft.graph.message or derived from it")]
    [InlineData("""{"@removed":{"reason":"gone"}}""", "@removed is not")]
    [InlineData("""{"categories":null}""", "null where Collection(Edm.String) is not nullable")]
    public void Check_MismatchedMessage_ReportsTheProblem(string json, string expected)
    {
        var problems = Check(json, Message);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_InheritedAndDerivedTypes_AreAccepted()
    {
        var user = new CsdlTypeRef("microsoft.graph.directoryObject", true);

        var problems = Check("""[{"@odata.type":"#microsoft.graph.user","id":"1","deletedDateTime":null,"mail":"a@b.c","accountEnabled":true},{"@odata.type":"#microsoft.graph.group","id":"2","mailEnabled":false,"groupTypes":[]}]""", user);

        Assert.Empty(problems);
    }

    [Fact]
    public void Check_TimeOfDayAndDateFormats_AreChecked()
    {
        var hours = new CsdlTypeRef("microsoft.graph.workingHours", false);

        Assert.Empty(Check("""{"daysOfWeek":["monday"],"startTime":"09:00:00.0000000","endTime":"17:00:00","timeZone":{"name":"UTC"}}""", hours));
        Assert.NotEmpty(Check("""{"daysOfWeek":["mon"],"startTime":"9am"}""", hours));
    }

    [Theory]
    [InlineData("/users/dana@contoso.com/mailFolders('inbox')/messages/delta()", "Collection(microsoft.graph.message)")]
    [InlineData("users('x')/mailFolders/AAMk-a=/childFolders", "Collection(microsoft.graph.mailFolder)")]
    [InlineData("users/x/calendarView/microsoft.graph.delta()", "Collection(microsoft.graph.event)")]
    [InlineData("users/x/calendar/getSchedule", "Collection(microsoft.graph.scheduleInformation)")]
    [InlineData("groups/g/transitiveMembers/microsoft.graph.user", "Collection(microsoft.graph.user)")]
    [InlineData("directory/deletedItems/microsoft.graph.user", "Collection(microsoft.graph.user)")]
    [InlineData("users/x/mailboxSettings/workingHours", "microsoft.graph.workingHours")]
    [InlineData("users/x/mailboxSettings/timeZone", "Edm.String")]
    [InlineData("users/x/todo/lists/l/tasks/t/linkedResources", "Collection(microsoft.graph.linkedResource)")]
    public void Resolve_GraphPaths_AddressTheSchemaType(string path, string expected) =>
        Assert.Equal(expected, CsdlSchema.V1.Resolve(path)?.ToString());

    [Theory]
    [InlineData("users/x/mailFolders/inbox/nothing")]
    [InlineData("nowhere/x")]
    public void Resolve_UnknownPath_IsNull(string path) => Assert.Null(CsdlSchema.V1.Resolve(path));

    [Theory]
    [InlineData("groups/g/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail,userPrincipalName,accountEnabled&$top=999&$count=true")]
    [InlineData("users/x/mailFolders/inbox/messages/delta?$select=id,from,toRecipients,internetMessageHeaders,receivedDateTime,conversationId")]
    [InlineData("users/x/events?$filter=singleValueExtendedProperties/Any(ep: ep/id eq 'String {6} Name K' and ep/value eq 'k')&$expand=singleValueExtendedProperties($filter=id eq 'String {6} Name K')")]
    [InlineData("users?$filter=proxyAddresses/any(p:p eq 'X500:/o=ExchangeLabs/cn=Recipients/cn=a')&$select=id,mail")]
    [InlineData("users/x/todo/lists/l/tasks?$filter=linkedResources/any(l:l/externalId eq 'k')&$expand=linkedResources")]
    [InlineData("users/x/mailFolders?$select=id,displayName,parentFolderId,childFolderCount&$top=250")]
    [InlineData("users/x/messages?$filter=receivedDateTime ge 2026-01-01T00:00:00Z and startswith(subject,'a')&$orderby=receivedDateTime desc")]
    public void CheckRequest_ValidWorkerUrls_HaveNoProblems(string url) => Assert.Empty(CsdlSchema.V1.CheckRequest(url));

    [Theory]
    [InlineData("users/x/mailFolders/inbox/messages/delta?$select=id,sizeInBytes", "no property 'sizeInBytes'")]
    [InlineData("users/x/mailFolders?$select=wellKnownName", "no property 'wellKnownName'")]
    [InlineData("users/x/todo/lists/l/tasks?$expand=title", "no navigation property 'title'")]
    [InlineData("users/x/todo/lists/l/tasks?$filter=linkedResources/any(l:l/externalKey eq 'k')", "'l/externalKey'")]
    [InlineData("users?$filter=mailAddress eq 'a'", "'mailAddress'")]
    [InlineData("users?$orderby=surname,lastName", "'lastName'")]
    [InlineData("users/x/nothing?$select=id", "addresses nothing")]
    public void CheckRequest_UnknownProperty_IsReported(string url, string expected) =>
        Assert.Contains(CsdlSchema.V1.CheckRequest(url), p => p.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void CheckResponse_ErrorWithoutInnerError_IsReported()
    {
        var problems = CsdlSchema.V1.CheckResponse("GET", "users/x", 404, JsonNode.Parse("""{"error":{"code":"ErrorInvalidUser","message":"x"}}"""));

        Assert.Contains(problems, p => p.Contains("innerError", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckResponse_BothNextAndDeltaLink_IsReported()
    {
        var problems = CsdlSchema.V1.CheckResponse("GET", "users/x/mailFolders/inbox/messages/delta", 200,
            JsonNode.Parse("""{"@odata.nextLink":"a","@odata.deltaLink":"b","value":[]}"""));

        Assert.Contains(problems, p => p.Contains("both", StringComparison.Ordinal));
    }
}
