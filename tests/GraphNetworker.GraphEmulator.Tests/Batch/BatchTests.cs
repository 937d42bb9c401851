using System.Net;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph;

namespace GraphNetworker.GraphEmulator.Tests.Batch;

public sealed class BatchTests
{
    [Fact]
    public async Task BatchRequestContentCollection_25Steps_SdkSplitsIntoTwoBatchesAllSucceed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var batch = new BatchRequestContentCollection(graph);
        for (var i = 0; i < 25; i++)
        {
            await batch.AddBatchRequestStepAsync(graph.Users[i % 2 == 0 ? TestTenants.Dana : TestTenants.Lee].ToGetRequestInformation());
        }

        var response = await graph.Batch.PostAsync(batch, TestContext.Current.CancellationToken);
        var codes = await response.GetResponsesStatusCodesAsync();

        Assert.Equal(25, codes.Count);
        Assert.All(codes.Values, c => Assert.Equal(HttpStatusCode.OK, c));
        Assert.Equal(2, emulator.Control.Requests.Count(r => r.Url.EndsWith("/$batch", StringComparison.Ordinal)));
        Assert.Equal(25, emulator.Control.Requests.Count(r => r.BatchRequestId is not null));
    }

    [Fact]
    public async Task BatchStep_ParsedBySdk_ReturnsTypedUser()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var batch = new BatchRequestContentCollection(graph);
        var step = await batch.AddBatchRequestStepAsync(graph.Users[TestTenants.Lee].ToGetRequestInformation(c => c.QueryParameters.Select = ["id", "jobTitle"]));

        var response = await graph.Batch.PostAsync(batch, TestContext.Current.CancellationToken);
        var user = await response.GetResponseByIdAsync<Microsoft.Graph.Models.User>(step);

        Assert.Equal("Chief Financial Officer", user.JobTitle);
    }

    [Fact]
    public async Task Batch_UnescapedFilterWithSpacesAndQuotes_IsRouted()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var body = JsonNode.Parse($$"""{"requests":[{"id":"a","method":"GET","url":"users?$filter=mail eq '{{TestTenants.Lee}}'&$select=id"},{"id":"b","method":"GET","url":"/v1.0/users/{{TestTenants.Dana}}/mailFolders('inbox')/messages/delta()"}]}""");

        var (status, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", body);

        Assert.Equal(200, status);
        var responses = envelope!["responses"]!.AsArray();
        var a = responses.Single(r => r.Str("id") == "a");
        Assert.Equal(200, a!["status"]!.GetValue<int>());
        Assert.Equal(TestTenants.LeeId, a["body"]!["value"]![0].Str("id"));
        Assert.Equal(200, responses.Single(r => r.Str("id") == "b")!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batch_DependsOnFailedStep_DependentGets424()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var body = JsonNode.Parse($$"""
            {"requests":[
              {"id":"1","method":"GET","url":"/users/nobody@contoso.com/mailFolders"},
              {"id":"2","method":"GET","url":"/users/{{TestTenants.Dana}}/mailFolders","dependsOn":["1"]},
              {"id":"3","method":"GET","url":"/users/{{TestTenants.Dana}}","dependsOn":["2"]}]}
            """);

        var (_, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", body);

        var statuses = envelope!["responses"]!.AsArray().ToDictionary(r => r.Str("id"), r => r!["status"]!.GetValue<int>());
        Assert.Equal(404, statuses["1"]);
        Assert.Equal(424, statuses["2"]);
        Assert.Equal(424, statuses["3"]);
    }

    [Fact]
    public async Task Batch_PostStepWithBody_CreatesEventAnswering201()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var ev = CalendarFixtures.Single("Hold", TestEmulator.Epoch.AddDays(2));
        var body = new JsonObject
        {
            ["requests"] = new JsonArray(new JsonObject
            {
                ["id"] = "1",
                ["method"] = "POST",
                ["url"] = $"/users/{TestTenants.Dana}/events",
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["body"] = ev,
            }),
        };

        var (_, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", body);

        Assert.Equal(201, envelope!["responses"]![0]!["status"]!.GetValue<int>());
        Assert.Single(emulator.Control.Events(TestTenants.Dana));
    }

    [Theory]
    [InlineData("""{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"1","method":"GET","url":"/users"}]}""")]
    [InlineData("""{"requests":[{"id":"1","method":"POST","url":"/users/x/events","body":{"subject":"no content type"}}]}""")]
    [InlineData("""{"requests":[{"id":"1","method":"GET","url":"/users","dependsOn":["9"]}]}""")]
    [InlineData("""{"no":"requests"}""")]
    [InlineData("""not json""")]
    public async Task Batch_InvalidEnvelope_Is400(string payload)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");

        var response = await emulator.Http().PostAsync("$batch", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Batch_MoreThanTwentySteps_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var requests = new JsonArray(Enumerable.Range(1, 21).Select(i => (JsonNode)new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["method"] = "GET", ["url"] = "/users" }).ToArray());

        var (status, _, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = requests });

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Batch_ShuffleMode_AnswersEveryStepInSomeOrder()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.ShuffleBatchResponses = true);
        var requests = new JsonArray(Enumerable.Range(1, 12).Select(i => (JsonNode)new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["method"] = "GET", ["url"] = "/users/" + TestTenants.Dana }).ToArray());

        var (_, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = requests });

        var ids = envelope!["responses"]!.AsArray().Select(r => int.Parse(r.Str("id"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 12), ids.Order());
        Assert.NotEqual(Enumerable.Range(1, 12), ids);
    }

    [Fact]
    public async Task Batch_TenStepsToOneMailbox_StepsBeyondFourAre429WithRetryAfter()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var batch = new BatchRequestContentCollection(graph);
        var folders = new[] { "inbox", "sentitems", "archive", "drafts", "deleteditems", "junkemail", "outbox", "conversationhistory", "inbox", "sentitems" };
        var steps = new List<string>();
        foreach (var folder in folders)
        {
            steps.Add(await batch.AddBatchRequestStepAsync(graph.Users[TestTenants.Dana].MailFolders[folder].ToGetRequestInformation(c => c.QueryParameters.Select = ["id"])));
        }

        var response = await graph.Batch.PostAsync(batch, TestContext.Current.CancellationToken);
        var codes = await response.GetResponsesStatusCodesAsync();

        Assert.Equal(4, codes.Count(c => c.Value == HttpStatusCode.OK));
        Assert.Equal(6, codes.Count(c => c.Value == HttpStatusCode.TooManyRequests));
        using var throttled = await response.GetResponseByIdAsync(codes.First(c => c.Value == HttpStatusCode.TooManyRequests).Key);
        Assert.True(throttled.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("MailboxConcurrency", await throttled.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(6, emulator.Control.Statistics.Throttled);
    }

    [Fact]
    public async Task Batch_FourStepsPerMailboxForTwoMailboxes_AllSucceed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var steps = new JsonArray();
        for (var i = 0; i < 8; i++)
        {
            steps.Add(new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["method"] = "GET", ["url"] = $"/users/{(i % 2 == 0 ? TestTenants.Dana : TestTenants.Lee)}/mailFolders/inbox" });
        }

        var (_, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = steps });

        Assert.All(envelope!["responses"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Batch_TenStepsChainedByDependsOn_RunOneAtATimeAndAllSucceed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var steps = new JsonArray();
        for (var i = 0; i < 10; i++)
        {
            var step = new JsonObject { ["id"] = "s" + i, ["method"] = "GET", ["url"] = $"/users/{TestTenants.Dana}/mailFolders/inbox" };
            if (i > 0)
            {
                step["dependsOn"] = new JsonArray("s" + (i - 1));
            }

            steps.Add(step);
        }

        var (_, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = steps });

        Assert.All(envelope!["responses"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        Assert.Equal(1, emulator.Control.Statistics.Mailboxes[TestTenants.Dana].MaxConcurrency);
    }

    [Fact]
    public async Task Batch_TenStepsToOneMailboxQueueMode_AllSucceed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.BatchMailboxConcurrency = BatchMailboxConcurrency.Queue);
        var steps = new JsonArray();
        for (var i = 0; i < 10; i++)
        {
            steps.Add(new JsonObject { ["id"] = "s" + i, ["method"] = "GET", ["url"] = $"/users/{TestTenants.Dana}/mailFolders/inbox" });
        }

        var (_, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = steps });

        Assert.All(envelope!["responses"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
    }
}
