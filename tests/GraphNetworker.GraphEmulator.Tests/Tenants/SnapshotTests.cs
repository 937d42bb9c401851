using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Tenants;

/// <summary>The tenant snapshot folder format: load, serve, export, round trip.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gn-emulator-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The example of docs/emulator.md ("Tenant snapshots"), written as files, with a few odd items added.</summary>
    private string WriteDocumentedSnapshot()
    {
        var folder = Path.Combine(_root, "documented");
        var mailbox = Path.Combine(folder, "mailboxes", "dana@contoso.com");
        System.IO.Directory.CreateDirectory(Path.Combine(mailbox, "messages"));
        File.WriteAllText(Path.Combine(folder, "tenant.json"), """
            {
              "tenantId": "00000000-0000-0000-0000-000000000001",
              "defaultDomain": "contoso.com",
              "users": [
                { "id": "3f1c0000-0000-4000-8000-000000000001", "userPrincipalName": "dana@contoso.com", "displayName": "Dana Smith", "mail": "dana@contoso.com",
                  "proxyAddresses": ["SMTP:dana@contoso.com", "smtp:dsmith@contoso.com", "X500:/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=DSMITH"],
                  "accountEnabled": true, "jobTitle": "Engineer", "department": "R&D",
                  "mailboxSettings": { "timeZone": "Pacific Standard Time",
                    "workingHours": { "daysOfWeek": ["monday","tuesday","wednesday","thursday","friday"], "startTime": "09:00:00.0000000", "endTime": "17:00:00.0000000", "timeZone": { "name": "Pacific Standard Time" } } } }
              ],
              "groups": [ { "id": "6a1c0000-0000-4000-8000-000000000001", "displayName": "GraphNetworker users", "mail": null, "members": ["3f1c0000-0000-4000-8000-000000000001"] } ]
            }
            """);
        File.WriteAllText(Path.Combine(mailbox, "messages", "inbox.jsonl"),
            """{"id":"AAMkAD-m1=","internetMessageId":"<abc@contoso.com>","conversationId":"AAQkAD-c1=","subject":"Q3 budget","from":{"emailAddress":{"name":"Dana Smith","address":"dana@contoso.com"}},"sender":{"emailAddress":{"name":"Dana Smith","address":"dana@contoso.com"}},"toRecipients":[{"emailAddress":{"name":"Lee Park","address":"lee@fabrikam.com"}}],"ccRecipients":[],"bccRecipients":[],"sentDateTime":"2026-03-04T17:12:00Z","receivedDateTime":"2026-03-04T17:12:03Z","isDraft":false,"inferenceClassification":"focused","webLink":"https://outlook.office365.com/owa/?ItemID=x","internetMessageHeaders":[{"name":"List-Unsubscribe","value":"<mailto:x@y>"}],"x-custom":7}""" + "\n" +
            """{"internetMessageId":"<no-id@contoso.com>","subject":"No id","receivedDateTime":"1979-01-01T00:00:00Z"}""" + "\n");
        File.WriteAllText(Path.Combine(mailbox, "messages", "AAMkAD-f1=.jsonl"),
            """{"internetMessageId":"<abc@contoso.com>","subject":"Q3 budget (copy)","receivedDateTime":"2026-03-04T17:12:03Z"}""" + "\n");
        File.WriteAllText(Path.Combine(mailbox, "folders.json"), """[{"id":"AAMkAD-f1=","displayName":"Projects","parentFolderId":"msgfolderroot","wellKnownName":null}]""");
        File.WriteAllText(Path.Combine(mailbox, "events.jsonl"),
            """{"id":"AAMkAD-e1=","subject":"1:1","start":{"dateTime":"2026-03-05T16:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-03-05T16:30:00.0000000","timeZone":"UTC"},"isCancelled":false,"isOrganizer":true,"responseStatus":{"response":"organizer"},"organizer":{"emailAddress":{"name":"Dana Smith","address":"dana@contoso.com"}},"attendees":[{"type":"required","status":{"response":"accepted"},"emailAddress":{"name":"Lee Park","address":"lee@fabrikam.com"}}],"showAs":"busy","type":"singleInstance"}""" + "\n");
        File.WriteAllText(Path.Combine(mailbox, "todo.json"), """{"lists":[{"id":"AAMkAD-l1=","displayName":"Tasks","wellknownListName":"defaultList","tasks":[{"id":"AAMkAD-t1=","title":"...","status":"notStarted"}]}]}""");
        return folder;
    }

    [Fact]
    public async Task LoadFolder_DocumentedExamples_ServedThroughGraph()
    {
        var folder = WriteDocumentedSnapshot();
        await using var emulator = await TestEmulator.StartAsync(o => o.Tenant = folder);
        var graph = emulator.Graph();
        var ct = TestContext.Current.CancellationToken;

        var message = await graph.Users["dana@contoso.com"].Messages["AAMkAD-m1="].GetAsync(cancellationToken: ct);
        var projects = await graph.Users["dana@contoso.com"].MailFolders["AAMkAD-f1="].Messages.GetAsync(cancellationToken: ct);
        var ev = await graph.Users["dana@contoso.com"].Events["AAMkAD-e1="].GetAsync(cancellationToken: ct);
        var task = await graph.Users["dana@contoso.com"].Todo.Lists["AAMkAD-l1="].Tasks["AAMkAD-t1="].GetAsync(cancellationToken: ct);
        var x500 = await graph.Users.GetAsync(c => c.QueryParameters.Filter = "proxyAddresses/any(p:p eq 'X500:/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=DSMITH')", ct);

        Assert.Equal("Q3 budget", message!.Subject);
        Assert.Equal(7m, message.AdditionalData["x-custom"]);
        Assert.Equal("<abc@contoso.com>", Assert.Single(projects!.Value!).InternetMessageId);
        Assert.Equal("1:1", ev!.Subject);
        Assert.Equal("...", task!.Title);
        Assert.Equal("dana@contoso.com", Assert.Single(x500!.Value!).UserPrincipalName);
    }

    [Fact]
    public async Task LoadFolder_MessageWithoutId_GetsOpaqueUrlHostileId()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.Tenant = WriteDocumentedSnapshot());

        var (_, page, _) = await emulator.Http().GetJsonAsync("users/dana@contoso.com/mailFolders/inbox/messages/delta");

        var generated = page.Values().Select(m => m.Str("id")).Single(id => id != "AAMkAD-m1=");
        Assert.Contains('-', generated);
        Assert.Contains('_', generated);
        Assert.EndsWith("=", generated, StringComparison.Ordinal);
        var (status, again, _) = await emulator.Http().GetJsonAsync("users/dana@contoso.com/messages/" + Uri.EscapeDataString(generated));
        Assert.Equal(200, status);
        Assert.Equal("No id", again.Str("subject"));
    }

    [Fact]
    public async Task Export_AfterLoad_RoundTripsByteForByte()
    {
        var source = WriteDocumentedSnapshot();
        var first = Path.Combine(_root, "first");
        var second = Path.Combine(_root, "second");
        await using (var a = await TestEmulator.StartAsync(o => o.Tenant = source))
        {
            a.Control.ExportSnapshot(first);
        }

        await using (var b = await TestEmulator.StartAsync(o => o.Tenant = first))
        {
            b.Control.ExportSnapshot(second);
        }

        AssertSameFiles(first, second);
        Assert.Contains("\"x-custom\":7", File.ReadAllText(Path.Combine(second, "mailboxes", "dana@contoso.com", "messages", "inbox.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_AfterWorkerWrites_ShowsCreatedTaskAndHold()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var listId = (await graph.Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id;
        await graph.Users[TestTenants.Dana].Todo.Lists[listId].Tasks.PostAsync(new Microsoft.Graph.Models.TodoTask { Title = "Reconnect with Lee" }, cancellationToken: TestContext.Current.CancellationToken);
        await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/events", new JsonObject
        {
            ["subject"] = "Hold",
            ["transactionId"] = "tx-export",
            ["start"] = CalendarFixtures.Time(TestEmulator.Epoch.AddDays(3)),
            ["end"] = CalendarFixtures.Time(TestEmulator.Epoch.AddDays(3).AddMinutes(30)),
        });

        var folder = Path.Combine(_root, "after");
        emulator.Control.ExportSnapshot(folder);

        var mailbox = Path.Combine(folder, "mailboxes", TestTenants.Dana);
        Assert.Contains("Reconnect with Lee", File.ReadAllText(Path.Combine(mailbox, "todo.json")), StringComparison.Ordinal);
        Assert.Contains("\"transactionId\":\"tx-export\"", File.ReadAllText(Path.Combine(mailbox, "events.jsonl")), StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(Path.Combine(folder, "mailboxes", TestTenants.NoMailbox)));
    }

    [Fact]
    public void TenantSnapshot_JsonDocumentForm_RoundTrips()
    {
        var snapshot = TestTenants.Small(inboxMessages: 2);

        var again = TenantSnapshot.FromJson(snapshot.ToJson());

        Assert.Equal(snapshot.ToJson(), again.ToJson());
        Assert.Equal(2, again.Mailboxes[TestTenants.Dana].Messages["inbox"].Count);
    }

    [Fact]
    public async Task LoadFolder_MissingTenantJson_FailsWithClearMessage()
    {
        System.IO.Directory.CreateDirectory(_root);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TestEmulator.StartAsync(o => o.Tenant = _root));

        Assert.Contains("tenant.json", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertSameFiles(string expectedRoot, string actualRoot)
    {
        var expected = System.IO.Directory.GetFiles(expectedRoot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expectedRoot, f)).Order(StringComparer.Ordinal).ToList();
        var actual = System.IO.Directory.GetFiles(actualRoot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actualRoot, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var file in expected)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expectedRoot, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualRoot, file))), file + " differs");
        }
    }
}
