using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Conformance;

/// <summary>
/// Every route the emulator serves, over a full synthetic tenant, checked against Microsoft's v1.0 schema:
/// each JSON object's properties exist on its type (inherited ones included), with the right JSON types and
/// formats, enum members and <c>@odata.type</c> names; errors have Graph's error shape.
/// </summary>
public sealed class CsdlConformanceTests
{
    private const string FullTenant = "synthetic:users=3,months=12,seed=42";

    [Fact]
    public async Task EveryRoute_FullSyntheticTenant_ConformsToTheV1Schema()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.Tenant = FullTenant);
        var driver = new Driver(emulator.Http());
        var manifest = emulator.Control.SyntheticManifest!;
        var now = emulator.Control.Now;

        await DirectoryAsync(driver, manifest);
        foreach (var user in manifest.MailboxUsers)
        {
            await MailAsync(driver, emulator, user.Address);
            await CalendarAsync(driver, user.Address, now, manifest);
            await TodoAsync(driver, user.Address);
            await TeamsAsync(driver, user.Id!);
        }

        await CallRecordsAsync(driver, manifest.MailboxUsers[0].Id!);

        await BatchAndErrorsAsync(driver, emulator, manifest.MailboxUsers[0].Address);

        // One line per kind of problem: item indexes, ids and query strings folded away.
        var problems = driver.Exchanges
            .SelectMany(e => CsdlSchema.V1.CheckResponse(e.Method, e.Path, e.Status, e.Body).Select(p => $"{e.Method} {Shape(e.Path)} ({e.Status}): {Shape(p)}"))
            .Distinct()
            .ToList();
        Assert.True(driver.Exchanges.Count > 150, "only " + driver.Exchanges.Count + " responses were checked");
        Assert.True(problems.Count == 0, problems.Count + " schema problems:\n" + string.Join('\n', problems.Take(60)));

        // The request-side check the worker's recorded requests can go through: every URL sent names real properties.
        var requestProblems = emulator.Control.Requests
            .Where(r => !r.Url.EndsWith("/$batch", StringComparison.Ordinal))
            .SelectMany(r => CsdlSchema.V1.CheckRequest(r.Url).Select(p => r.Url + ": " + p))
            .ToList();
        Assert.True(requestProblems.Count == 0, string.Join('\n', requestProblems.Take(20)));
    }

    private static async Task DirectoryAsync(Driver d, SyntheticManifest manifest)
    {
        await d.GetAsync("users");
        await d.GetAsync("users?$select=id,displayName,mail,userPrincipalName,proxyAddresses,accountEnabled,jobTitle,otherMails,department&$top=999");
        await d.GetAsync("users?$select=*&$top=5");
        await d.GetAsync("users/" + manifest.MailboxUsers[0].Address);
        await d.GetAsync("users/" + manifest.MailboxUsers[0].Id + "?$select=id,mailboxSettings,accountEnabled");
        await d.GetAsync("users?$filter=proxyAddresses/any(p:p eq '" + "smtp:" + manifest.MailboxUsers[0].Address + "')");
        await d.GetAsync("directory/deletedItems/microsoft.graph.user?$select=id,displayName,userPrincipalName,mail,deletedDateTime");
        if (manifest.DeletedColleague?.Id is { } deleted)
        {
            await d.GetAsync("directory/deletedItems/" + deleted);
        }

        await d.GetAsync("groups");
        await d.GetAsync("groups?$select=id,displayName,mail,proxyAddresses,mailEnabled&$top=999");
        await d.GetAsync("groups/" + manifest.GroupId);
        await d.GetAsync("groups/" + manifest.GroupId + "/members");
        await d.GetAsync("groups/" + manifest.GroupId + "/members/microsoft.graph.user?$select=id,mail");
        await d.GetAsync("groups/" + manifest.GroupId + "/transitiveMembers?$count=true", eventual: true);
        await d.GetAsync("groups/" + manifest.GroupId + "/transitiveMembers/microsoft.graph.user?$count=true&$select=id,displayName,mail,userPrincipalName", eventual: true);
    }

    private static async Task MailAsync(Driver d, TestEmulator emulator, string user)
    {
        var u = "users/" + user;
        await d.GetAsync(u + "/mailFolders?includeHiddenFolders=true&$top=100");
        var root = await d.GetAsync(u + "/mailFolders/msgfolderroot");
        await d.GetAsync(u + "/mailFolders/msgfolderroot/childFolders?$top=100");
        await d.GetAsync(u + "/mailFolders/inbox");
        await d.GetAsync(u + "/mailFolders/inbox/childFolders");
        var folderDelta = await d.RoundAsync(u + "/mailFolders/delta");
        var inboxDelta = await d.RoundAsync(u + "/mailFolders/inbox/messages/delta", "odata.maxpagesize=200");
        await d.RoundAsync(u + "/mailFolders/sentitems/messages/delta?$select=id,from,toRecipients,ccRecipients,bccRecipients,sentDateTime,internetMessageHeaders,conversationId", "odata.maxpagesize=500");
        var archiveDelta = await d.RoundAsync(u + "/mailFolders/archive/messages/delta?$select=id,subject,isRead,flag,categories,parentFolderId", "odata.maxpagesize=500, IdType=\"ImmutableId\"");
        var messages = await d.GetAsync(u + "/messages?$top=25");
        var first = messages!.Values()[0].Str("id");
        await d.GetAsync(u + "/messages/" + first);
        await d.GetAsync(u + "/messages/" + first + "?$select=*");
        await d.GetAsync(u + "/mailFolders/inbox/messages?$top=10&$select=subject,from,receivedDateTime,internetMessageHeaders,inferenceClassification");
        await d.GetAsync(u + "/mailFolders/inbox/messages?$filter=receivedDateTime ge 2026-01-01T00:00:00Z&$top=5");

        var control = emulator.Control;
        var inbox = inboxDelta.Items.Where(i => i["@removed"] is null).Select(i => i.Str("id")).ToList();
        control.UpdateMessage(user, inbox[0], new JsonObject { ["isRead"] = true, ["flag"] = new JsonObject { ["flagStatus"] = "flagged" }, ["categories"] = new JsonArray("Blue category") });
        control.MoveMessage(user, inbox[1], "archive");
        control.DeleteMessage(user, inbox[2]);
        var folder = control.AddFolder(user, "Conformance");
        control.AddMessage(user, folder, TestTenants.Message(1, control.Now));
        await d.RoundAsync(d.Relative(inboxDelta.DeltaLink), "odata.maxpagesize=200");
        await d.RoundAsync(d.Relative(archiveDelta.DeltaLink), "odata.maxpagesize=200, IdType=\"ImmutableId\"");
        await d.RoundAsync(d.Relative(folderDelta.DeltaLink));
        await d.GetAsync(u + "/mailFolders/" + folder + "/messages/delta");
        Assert.NotNull(root);
    }

    private static async Task CalendarAsync(Driver d, string user, DateTimeOffset now, SyntheticManifest manifest)
    {
        var u = "users/" + user;
        var window = $"startDateTime={Iso(now.AddDays(-300))}&endDateTime={Iso(now.AddDays(60))}";
        var view = await d.GetAsync(u + "/calendarView?" + window + "&$top=200");
        var delta = await d.RoundAsync(u + "/calendarView/delta?" + window, "odata.maxpagesize=100");
        await d.RoundAsync(u + "/calendar/calendarView/delta?" + window, "odata.maxpagesize=100, outlook.timezone=\"Pacific Standard Time\"");
        var events = await d.GetAsync(u + "/events?$top=50");
        foreach (var id in events!.Values().Take(3).Select(e => e.Str("id")))
        {
            await d.GetAsync(u + "/events/" + id);
        }

        if (view!.Values().FirstOrDefault(v => v!["type"]?.GetValue<string>() == "occurrence") is { } occurrence)
        {
            await d.GetAsync(u + "/events/" + occurrence.Str("id"));
        }

        await d.GetAsync(u + "/calendar");
        await d.GetAsync(u + "/calendars");
        var hold = new JsonObject
        {
            ["subject"] = "Coffee (hold)",
            ["start"] = new JsonObject { ["dateTime"] = now.AddDays(3).UtcDateTime.ToString("yyyy-MM-dd'T'10:00:00", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "Pacific Standard Time" },
            ["end"] = new JsonObject { ["dateTime"] = now.AddDays(3).UtcDateTime.ToString("yyyy-MM-dd'T'10:30:00", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "Pacific Standard Time" },
            ["showAs"] = "tentative",
            ["sensitivity"] = "private",
            ["isReminderOn"] = false,
            ["transactionId"] = "conformance-" + user,
            ["categories"] = new JsonArray("Keep in touch"),
            ["singleValueExtendedProperties"] = new JsonArray(new JsonObject { ["id"] = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name GraphNetworkerKey", ["value"] = "k1" }),
        };
        var created = await d.SendAsync(HttpMethod.Post, u + "/events", hold);
        await d.SendAsync(HttpMethod.Post, u + "/events", hold);
        await d.SendAsync(HttpMethod.Patch, u + "/events/" + created!.Str("id"), new JsonObject { ["showAs"] = "free" });
        await d.GetAsync(u + "/events?$filter=singleValueExtendedProperties/Any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name GraphNetworkerKey' and ep/value eq 'k1')&$expand=singleValueExtendedProperties($filter=id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name GraphNetworkerKey')");
        await d.RoundAsync(d.Relative(delta.DeltaLink), "odata.maxpagesize=100");
        await d.SendAsync(HttpMethod.Delete, u + "/events/" + created.Str("id"), null);
        await d.SendAsync(HttpMethod.Post, u + "/calendar/getSchedule", new JsonObject
        {
            ["schedules"] = new JsonArray(user, manifest.MailboxUsers[^1].Address, "nobody@unknown.example"),
            ["startTime"] = new JsonObject { ["dateTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'00:00:00", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
            ["endTime"] = new JsonObject { ["dateTime"] = now.AddDays(10).UtcDateTime.ToString("yyyy-MM-dd'T'00:00:00", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
            ["availabilityViewInterval"] = 60,
        });
        await d.GetAsync(u + "/mailboxSettings");
        await d.GetAsync(u + "/mailboxSettings/workingHours");
        await d.GetAsync(u + "/mailboxSettings/timeZone");
    }

    private static async Task TeamsAsync(Driver d, string userId)
    {
        var u = "users/" + userId;
        var chats = await d.GetAsync(u + "/chats?$top=50");
        await d.GetAsync(u + "/chats?$expand=members");
        await d.GetAsync(u + "/chats?$expand=lastMessagePreview&$orderby=lastMessagePreview/createdDateTime desc&$top=2");
        await d.GetAsync(u + "/chats?$filter=chatType eq 'oneOnOne'&$expand=members");
        var id = chats!.Values()[0].Str("id");
        await d.GetAsync(u + "/chats/" + Uri.EscapeDataString(id) + "?$expand=members");
        await d.GetAsync(u + "/chats/" + Uri.EscapeDataString(id) + "/members");
        await d.GetAsync(u + "/chats?$top=51");
        await d.GetAsync(u + "/chats?$orderby=createdDateTime");
    }

    private static async Task CallRecordsAsync(Driver d, string userId)
    {
        var list = await d.GetAsync("communications/callRecords");
        await d.GetAsync("communications/callRecords?$filter=participants_v2/any(p:p/id eq '" + userId + "')");
        await d.GetAsync("communications/callRecords?$filter=startDateTime ge 2026-01-01T00:00:00Z&$select=id,type,startDateTime,endDateTime");
        var id = list!.Values()[0].Str("id");
        await d.GetAsync("communications/callRecords/" + id);
        await d.GetAsync("communications/callRecords/" + id + "?$expand=participants_v2");
        await d.GetAsync("communications/callRecords/" + id + "/participants_v2");
        await d.GetAsync("communications/callRecords?$filter=type eq 'peerToPeer'");
    }

    private static async Task TodoAsync(Driver d, string user)
    {
        var lists = "users/" + user + "/todo/lists";
        await d.GetAsync(lists);
        var listsDelta = await d.RoundAsync(lists + "/delta");
        var list = await d.SendAsync(HttpMethod.Post, lists, new JsonObject { ["displayName"] = "Keep in touch" });
        var l = lists + "/" + list!.Str("id");
        await d.GetAsync(l);
        await d.SendAsync(HttpMethod.Patch, l, new JsonObject { ["displayName"] = "Keep in touch!" });
        var tasksDelta = await d.RoundAsync(l + "/tasks/delta");
        var task = await d.SendAsync(HttpMethod.Post, l + "/tasks", new JsonObject
        {
            ["title"] = "Reconnect with Lee",
            ["body"] = new JsonObject { ["content"] = "Write a short email.", ["contentType"] = "text" },
            ["dueDateTime"] = new JsonObject { ["dateTime"] = "2026-03-20T00:00:00", ["timeZone"] = "Pacific Standard Time" },
            ["reminderDateTime"] = new JsonObject { ["dateTime"] = "2026-03-20T09:00:00", ["timeZone"] = "Pacific Standard Time" },
            ["isReminderOn"] = true,
            ["importance"] = "high",
            ["categories"] = new JsonArray("Keep in touch"),
            ["linkedResources"] = new JsonArray(new JsonObject { ["applicationName"] = "GraphNetworker", ["displayName"] = "Last conversation", ["externalId"] = "k1", ["webUrl"] = "https://outlook.office365.com/owa/?ItemID=x" }),
            ["checklistItems"] = new JsonArray(new JsonObject { ["displayName"] = "Not a relationship" }),
        });
        var t = l + "/tasks/" + task!.Str("id");
        await d.GetAsync(l + "/tasks");
        await d.GetAsync(t + "?$expand=linkedResources,checklistItems");
        await d.GetAsync(l + "/tasks?$filter=linkedResources/any(r:r/externalId eq 'k1')&$expand=linkedResources");
        var step = await d.SendAsync(HttpMethod.Post, t + "/checklistItems", new JsonObject { ["displayName"] = "Call" });
        await d.GetAsync(t + "/checklistItems");
        await d.SendAsync(HttpMethod.Patch, t + "/checklistItems/" + step!.Str("id"), new JsonObject { ["isChecked"] = true });
        await d.SendAsync(HttpMethod.Post, t + "/linkedResources", new JsonObject { ["applicationName"] = "GraphNetworker", ["displayName"] = "Second", ["webUrl"] = "https://example.invalid/2" });
        await d.GetAsync(t + "/linkedResources");
        await d.SendAsync(HttpMethod.Patch, t, new JsonObject { ["status"] = "completed" });
        await d.RoundAsync(d.Relative(tasksDelta.DeltaLink));
        await d.RoundAsync(d.Relative(listsDelta.DeltaLink));
        await d.SendAsync(HttpMethod.Delete, t, null);
    }

    private static async Task BatchAndErrorsAsync(Driver d, TestEmulator emulator, string user)
    {
        var u = "/users/" + user;
        var steps = new JsonArray();
        foreach (var (id, url) in new[]
        {
            ("1", u + "/mailFolders/inbox?$select=id"), ("2", u + "/mailFolders('sentitems')?$select=id"), ("3", u + "/mailboxSettings"),
            ("4", u + "/todo/lists"), ("5", u + "/mailFolders/archive"), ("6", u + "/mailFolders/rssfeeds"), ("7", "/users/" + user + "?$select=id,mail"),
        })
        {
            steps.Add(new JsonObject { ["id"] = id, ["method"] = "GET", ["url"] = url });
        }

        var batch = await d.SendAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = steps }, record: false);
        var byId = steps.ToDictionary(s => s.Str("id"), s => s.Str("url"));
        foreach (var response in batch!["responses"]!.AsArray())
        {
            var status = response!["status"]!.GetValue<int>();
            Assert.Contains(status, new[] { 200, 400, 429 });
            d.Record("GET", byId[response.Str("id")].TrimStart('/'), status, response["body"]);
        }

        await d.GetAsync("users/nobody@contoso.com/mailFolders");
        await d.GetAsync("users/" + user + "/mailFolders/rssfeeds");
        await d.GetAsync("users/" + user + "/mailFolders/inbox/messages/delta?$search=\"x\"");
        await d.GetAsync("users/" + user + "/messages/AAMkAGI2TG93AAA=");
        await d.GetAsync("users/" + user + "/calendarView");
        await d.SendAsync(HttpMethod.Post, "users/" + user + "/findMeetingTimes", new JsonObject());
        emulator.Control.AddFault(new FaultRule { PathPattern = "/mailboxSettings", Count = 1, Kind = FaultKind.Throttle429, RetryAfter = TimeSpan.Zero });
        await d.GetAsync("users/" + user + "/mailboxSettings");
    }

    private static string Shape(string text) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(text, @"\[\d+\]", "[]"), @"\?[^ :]*", string.Empty);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Exchange(string Method, string Path, int Status, JsonNode? Body);

    /// <summary>Sends requests and keeps each response for the schema check.</summary>
    private sealed class Driver(HttpClient http)
    {
        public List<Exchange> Exchanges { get; } = [];

        public string Relative(string link) => http.Relative(link);

        public void Record(string method, string path, int status, JsonNode? body) => Exchanges.Add(new Exchange(method, path, status, body));

        public async Task<JsonObject?> GetAsync(string url, string? prefer = null, bool eventual = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (prefer is not null)
            {
                request.Headers.TryAddWithoutValidation("Prefer", prefer);
            }

            if (eventual)
            {
                request.Headers.TryAddWithoutValidation("ConsistencyLevel", "eventual");
            }

            return await SendAsync(request, "GET", url, record: true);
        }

        public async Task<JsonObject?> SendAsync(HttpMethod method, string url, JsonNode? body, bool record = true)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            return await SendAsync(request, method.Method, url, record);
        }

        public async Task<(List<JsonObject> Items, string DeltaLink)> RoundAsync(string url, string? prefer = null)
        {
            var items = new List<JsonObject>();
            for (var page = 0; page < 500; page++)
            {
                var body = await GetAsync(url, prefer);
                Assert.NotNull(body);
                items.AddRange(body.Values().Select(v => v!.AsObject()));
                if (body["@odata.deltaLink"] is { } delta)
                {
                    return (items, delta.GetValue<string>());
                }

                url = Relative(body["@odata.nextLink"]!.GetValue<string>());
            }

            throw new InvalidOperationException("The delta round did not end: " + url);
        }

        private async Task<JsonObject?> SendAsync(HttpRequestMessage request, string method, string url, bool record)
        {
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            if (record)
            {
                Record(method, url, (int)response.StatusCode, body);
            }

            return body as JsonObject;
        }
    }
}
