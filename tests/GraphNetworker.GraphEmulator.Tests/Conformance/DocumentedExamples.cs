namespace GraphNetworker.GraphEmulator.Tests.Conformance;

/// <summary>
/// Response examples copied from the Microsoft Graph documentation (the microsoftgraph/microsoft-graph-docs-contrib
/// repository; each example names the file and the commit it was copied from). Shape tests compare against them.
/// </summary>
internal static class DocumentedExamples
{
    /// <summary>concepts/delta-query-messages.md @ 028b8e35, "Sample initial response".</summary>
    public const string MessageDeltaFirstPage = """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
          "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/mailfolders('AQMkADNkNAAAgEMAAAA')/messages/delta?$skiptoken=GwcBoTmPuoTQWfcsAbkYM",
          "value": [
            {
              "@odata.type": "#microsoft.graph.message",
              "@odata.etag": "W/\"CQAAABYAAAARn2vdzPFjSbaPPxzjlzOTAAASsKZz\"",
              "subject": "Holiday hours update",
              "isRead": false,
              "sender": { "emailAddress": { "name": "Dana Swope", "address": "danas@contoso.com" } },
              "id": "AAMkADNkNAAASq35xAAA="
            }
          ]
        }
        """;

    /// <summary>concepts/delta-query-messages.md @ 028b8e35, "Synchronize messages in the same folder in the next round" (first item).</summary>
    public const string MessageDeltaRemoved = """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
          "@odata.deltaLink": "https://graph.microsoft.com/v1.0/me/mailfolders('AQMkADNkNAAAgEMAAAA')/messages/delta?$deltatoken=GwcBoTmPuoGNlgXgF1nyUNMXY",
          "value": [
            {
              "@odata.type": "#microsoft.graph.message",
              "id": "AAMkADk0MGFkODE3LWE4MmYtNDRhOS0Dh_6qB-pB2Sa2pUum19a6YAAKnLuxoAAA=",
              "@removed": { "reason": "deleted" }
            }
          ]
        }
        """;

    /// <summary>concepts/delta-query-events.md @ 0a028464, the sample response's event item: Graph's own shape for a calendarView delta page.</summary>
    public const string CalendarViewDelta = """
        {
          "@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(event)",
          "@odata.deltaLink":"https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=R0usmcFuQtZdtpk4",
          "value":[
            { "@odata.type":"#microsoft.graph.event", "@odata.etag":"W/\"EZ9r3czxY0m2jz8c45czkwAALZu97w==\"",
              "subject":"Attend service",
              "start":{"dateTime":"2016-12-25T06:00:00.0000000","timeZone":"UTC"},
              "end":{"dateTime":"2016-12-25T07:30:00.0000000","timeZone":"UTC"},
              "attendees":[], "organizer":{"emailAddress":{"name":"Samantha Booth","address":"samanthab@contoso.onmicrosoft.com"}},
              "id":"AAMkADj1HvAAA=" }
          ]
        }
        """;

    /// <summary>api-reference/v1.0/api/todo-post-lists.md @ 0408bcab, response (201).</summary>
    public const string TodoListCreated = """
        {"@odata.type":"#microsoft.graph.todoTaskList","id":"AAMkADIyAAAhrbPWAAA=","displayName":"Travel items","isOwner":true,"isShared":false,"wellknownListName":"none"}
        """;

    /// <summary>api-reference/v1.0/api/todotasklist-post-tasks.md @ 093f2944, response (201).</summary>
    public const string TodoTaskCreated = """
        {"@odata.etag":"W/\"xzyPKP0BiUGgld+lMKXwbQAAnBoTIw==\"","importance":"low","isReminderOn":false,"status":"notStarted","title":"A new task",
         "createdDateTime":"2020-08-18T09:03:05.8339192Z","lastModifiedDateTime":"2020-08-18T09:03:06.0827766Z","id":"AlMKXwbQAAAJws6wcAAAA=",
         "body":{"content":"","contentType":"text"},
         "linkedResources":[{"id":"f9cddce2-dce2-f9cd-e2dc-cdf9e2dccdf9","webUrl":"http://microsoft.com","applicationName":"Microsoft","displayName":"Microsoft"}]}
        """;

    /// <summary>api-reference/v1.0/api/todotasklist-list-tasks.md @ 028b8e35, response.</summary>
    public const string TodoTaskList = """
        {"value":[{"@odata.etag":"W/\"xzyPKP0BiUGgld+lMKXwbQAAgdhkVw==\"","importance":"low","isReminderOn":false,"status":"notStarted",
          "title":"Linked entity new task 1","createdDateTime":"2020-07-08T11:15:19.9359889Z","lastModifiedDateTime":"2020-07-08T11:15:20.0614375Z",
          "categories":["Important","Urgent"],"id":"AQMkADAwATM0MDAAMS0yMDkyLWVjMzYtMDACLTAwCgBGAAAD","body":{"content":"","contentType":"text"},
          "linkedResources":[{"applicationName":"Partner App Name","displayName":"Partner App Name","externalId":"teset1243434","id":"30911960-7321-4cba-9ba0-cdb68e2984c7"}]}]}
        """;

    /// <summary>api-reference/v1.0/api/calendar-getschedule.md @ 0062dd88, response (first schedule).</summary>
    public const string GetSchedule = """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)",
          "value": [{
            "scheduleId": "adelev@contoso.onmicrosoft.com",
            "availabilityView": "000220000",
            "scheduleItems": [{ "isPrivate": false, "status": "busy", "subject": "Let's go for lunch", "location": "Harry's Bar",
              "start": { "dateTime": "2019-03-15T12:00:00.0000000", "timeZone": "Pacific Standard Time" },
              "end": { "dateTime": "2019-03-15T14:00:00.0000000", "timeZone": "Pacific Standard Time" } }],
            "workingHours": { "daysOfWeek": ["monday","tuesday","wednesday","thursday","friday"], "startTime": "08:00:00.0000000",
              "endTime": "17:00:00.0000000", "timeZone": { "name": "Pacific Standard Time" } }
          }]
        }
        """;

    /// <summary>api-reference/v1.0/api/user-get-mailboxsettings.md @ 02b4cba0, example 1. Note: the example shows
    /// userPurpose as an object, but the v1.0 SDK (5.92.0) parses it as an enum string; the emulator follows the SDK.</summary>
    public const string MailboxSettings = """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Me/mailboxSettings",
          "automaticRepliesSetting": { "status": "Scheduled", "externalAudience": "All",
            "scheduledStartDateTime": { "dateTime": "2016-03-14T07:00:00.0000000", "timeZone": "UTC" },
            "scheduledEndDateTime": { "dateTime": "2016-03-28T07:00:00.0000000", "timeZone": "UTC" },
            "internalReplyMessage": "<html/>", "externalReplyMessage": "<html/>" },
          "timeZone":"UTC",
          "language":{ "locale":"en-US", "displayName":"English (United States)" },
          "workingHours":{ "daysOfWeek":["monday","tuesday","wednesday","thursday","friday"], "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000", "timeZone":{ "name":"Pacific Standard Time" } },
          "userPurpose": { "value": "user" },
          "dateFormat": "MM/dd/yyyy",
          "timeFormat": "hh:mm tt",
          "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly"
        }
        """;

    /// <summary>concepts/json-batching.md @ 028b8e35, response envelope (a JSON step).</summary>
    public const string BatchResponse = """
        {"responses":[{"id":"1","status":200,"headers":{"Content-Type":"application/json"},"body":{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.mailFolder)","value":[]}}]}
        """;

    /// <summary>concepts/throttling.md (ms.date 01/14/2025): the 429 body.</summary>
    public const string Throttled = """
        {"error":{"code":"TooManyRequests","innerError":{"code":"429","date":"2020-08-18T12:51:51","message":"Please retry after","request-id":"94fb3b52-452a-4535-a601-69e0a90e3aa2","status":"429"},"message":"Please retry again later."}}
        """;

    /// <summary>concepts/errors.md @ 76a1d2bf: the error envelope every non-2xx carries.</summary>
    public const string Error = """
        {"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store.","innerError":{"date":"2025-01-01T00:00:00","request-id":"b6b0e3e4-0000-0000-0000-000000000000","client-request-id":"b6b0e3e4-0000-0000-0000-000000000000"}}}
        """;

    /// <summary>concepts/auth-limit-mailbox-access.md @ 441f24c0: the access-policy denial.</summary>
    public const string AccessPolicyDenied = """
        {"error":{"code":"ErrorAccessDenied","message":"Access to OData is disabled.","innerError":{"request-id":"x","date":"2020-01-01T00:00:00"}}}
        """;
}
