using GraphNetworker.Core.Model;
using System.Text.Json.Nodes;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// Several hundred generated Graph messages with missing and null fields, wrong types, huge strings, control characters
/// and other Unicode, impossible dates, 10,000 recipients and unknown enum values, mixed with good ones: the cycle never
/// crashes, every refused item is logged with its reason (and nothing of its content), and every good item is kept.
/// </summary>
public sealed class MalformedPayloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private enum Verdict
    {
        /// <summary>Stored.</summary>
        Keep,

        /// <summary>Refused as malformed, with a logged reason.</summary>
        Refuse,

        /// <summary>Valid, but outside the backfill window: not stored, and not an error.</summary>
        OutsideWindow,
    }

    /// <summary>A mutation of a good message and what the worker must do with the result.</summary>
    private sealed record Case(string Name, Verdict Verdict, Action<JsonObject> Mutate);

    private static readonly Case[] Cases =
    [
        new("good", Verdict.Keep, _ => { }),
        new("no from or sender", Verdict.Refuse, m => { m.Remove("from"); m.Remove("sender"); }),
        new("null from and sender", Verdict.Refuse, m => { m["from"] = null; m["sender"] = null; }),
        new("sender but no from", Verdict.Keep, m => m.Remove("from")),
        new("empty sender address", Verdict.Refuse, m => { m["from"]!["emailAddress"]!["address"] = ""; m["sender"] = m["from"]!.DeepClone(); }),
        new("sender address is a number", Verdict.Refuse, m => { m["from"]!["emailAddress"]!["address"] = 42; m["sender"] = null; }),
        new("from is text", Verdict.Refuse, m => { m["from"] = "dana@fabrikam.com"; m["sender"] = null; }),
        new("sender address with control characters", Verdict.Refuse, m => { m["from"]!["emailAddress"]!["address"] = "da\u0000na@fab\u0007rikam.com"; m["sender"] = m["from"]!.DeepClone(); }),
        new("huge sender name", Verdict.Keep, m => m["from"]!["emailAddress"]!["name"] = new string('€', 200_000)),
        new("control characters and emoji in the name", Verdict.Keep, m => m["from"]!["emailAddress"]!["name"] = "Da\u0001na \u202Eرحبا\u200B 🎉"),
        new("recipients are text", Verdict.Refuse, m => m["toRecipients"] = "me@contoso.com"),
        new("recipient without address", Verdict.Keep, m => m["toRecipients"]!.AsArray().Add(new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Nobody" } })),
        new("ten thousand recipients", Verdict.Keep, m => m["ccRecipients"] = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)Mail.Address($"person{i}@big.example", $"Person {i}"))])),
        new("received time is not a date", Verdict.Refuse, m => { m["receivedDateTime"] = "yesterday"; m["sentDateTime"] = "soon"; }),
        new("received time is year 1", Verdict.Refuse, m => { m["receivedDateTime"] = "0001-01-01T00:00:00Z"; m["sentDateTime"] = null; }),
        new("received time is a number", Verdict.Refuse, m => { m["receivedDateTime"] = 1700000000; m["sentDateTime"] = null; }),
        new("received time far in the future", Verdict.Refuse, m => { m["receivedDateTime"] = "9999-12-31T23:59:59Z"; m["sentDateTime"] = null; }),
        new("unknown inferenceClassification", Verdict.Refuse, m => m["inferenceClassification"] = "superImportant"),
        new("inferenceClassification is a number", Verdict.Refuse, m => m["inferenceClassification"] = 3),
        new("isDraft is text", Verdict.Refuse, m => m["isDraft"] = "yes"),
        new("headers are an object", Verdict.Refuse, m => m["internetMessageHeaders"] = new JsonObject { ["List-Id"] = "x" }),
        new("huge subject", Verdict.Keep, m => m["subject"] = new string('s', 1_000_000)),
        new("null subject and conversation", Verdict.Keep, m => { m["subject"] = null; m["conversationId"] = null; }),
        new("odd but real date (1979)", Verdict.OutsideWindow, m => { m["receivedDateTime"] = "1979-05-04T10:00:00Z"; m["sentDateTime"] = "1979-05-04T10:00:00Z"; }),
    ];

    [Fact]
    public async Task BadInput_HundredsOfMalformedPayloads_NothingCrashes_RefusalsLoggedWithReasons_GoodItemsKept()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Sync:BackfillWindow"] = "1825.00:00:00";
        });
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var now = harness.Time.GetUtcNow();
        var expected = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        for (var i = 0; i < 16 * Cases.Length; i++)
        {
            var (name, verdict, mutate) = Cases[i % Cases.Length];
            var id = $"fuzz-{i:D4}";
            var message = Mail.From($"sender{i}@fuzz.example", $"Sender {i}", user, now.AddMinutes(-i - 10), id);
            message["subject"] = "SECRET-SUBJECT-" + id;
            mutate(message);
            _ = name;
            harness.Emulator.Control.AddMessage(user, i % 3 == 0 ? "archive" : "inbox", message);
            expected[$"<{id}@test.example>"] = verdict;
        }

        var report = await harness.RunCycleAsync(Ct);

        Assert.True(report.Synced == 3, string.Join("\n", harness.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.EventId.Id != 2001).Select(e => e.Message).Take(10)) + $" mailboxes={report.Mailboxes} failed={report.Failed}");
        var stored = harness.Interactions(mailboxId).Select(i => i.MessageKey).ToHashSet();
        var kept = expected.Where(e => e.Value == Verdict.Keep).Select(e => e.Key).ToList();
        var refused = expected.Count(e => e.Value == Verdict.Refuse);
        Assert.All(kept, id => Assert.Contains(StableHash.Of(id), stored));
        Assert.All(expected.Where(e => e.Value != Verdict.Keep), e => Assert.DoesNotContain(StableHash.Of(e.Key), stored));
        using var db = harness.Db();
        Assert.Equal(refused, (await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct)).ItemsRejected);
        var refusals = harness.Logs.Entries.Where(e => e.EventId.Id == 2001).ToList();
        Assert.Equal(refused, refusals.Count);
        Assert.All(refusals, r => Assert.Matches(@": (missing sender|invalid sender address|'[A-Za-z]+' (is|has) .+|no sent or received time|sent mail without recipients)$", r.Message));

        // Per-item lines have a category of their own, so an administrator can turn them down without the mailbox-level ones.
        Assert.All(refusals, r => Assert.Equal(GraphNetworker.Graph.Sync.SkippedItemLog.Category, r.Category));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains("SECRET-SUBJECT", StringComparison.Ordinal) || e.Message.Contains("fuzz.example", StringComparison.Ordinal));
        Assert.True(expected.Count >= 300, $"{expected.Count} payloads");
    }
}
