using System.Text.Json;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Demo.Tests;

public sealed class DemoAndReportTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private const string Astrid = "astrid.purdy@contoso.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Demo_FirstRun_SyncsEveryMailbox_WritesTasksAndAHold_AndPrintsTheTables()
    {
        Assert.Contains("3 mailboxes synced, 0 failed", demo.First.Output, StringComparison.Ordinal);
        Assert.Matches(@"[1-9]\d* tasks", demo.First.Output);
        Assert.Matches(@"[1-9]\d* coffee holds", demo.First.Output);
        Assert.Contains("Suggestions in Outlook", demo.First.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', demo.First.Output);
        Assert.Contains("astrid.purdy@contoso.com: synced", demo.First.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(demo.Data, "graphnetworker.db")));
        Assert.True(File.Exists(Path.Combine(demo.Data, "tenant", "tenant.json")));
    }

    [Fact]
    public async Task Demo_SecondRun_ContinuesInTheSameOutlook_AndWritesNoDuplicates()
    {
        var data = Cli.CopyOf(demo.Data);

        var second = await Cli.RunAsync($"demo --no-preview --data \"{data}\"", cancellationToken: Ct);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 tasks and 0 coffee holds written", second.Output, StringComparison.Ordinal);
        var snapshot = TenantSnapshot.LoadFolder(Path.Combine(data, "tenant"));
        var report = JsonDocument.Parse((await Cli.RunAsync($"report --mailbox {Astrid} --format json --data \"{data}\"", cancellationToken: Ct)).Output);
        var suggestions = report.RootElement.GetProperty("suggestions").EnumerateArray().ToList();
        var todo = snapshot.Mailbox(Astrid).Todo!["lists"]!.AsArray().Single(l => l!["displayName"]!.GetValue<string>() == "Keep in touch")!;
        Assert.Equal(suggestions.Count(s => s.GetProperty("kind").GetString() == "task"), todo["tasks"]!.AsArray().Count);
        Assert.Equal(suggestions.Count(s => s.GetProperty("kind").GetString() == "hold"), snapshot.Mailbox(Astrid).Events.Count(e => e["transactionId"] is not null));
    }

    [Fact]
    public async Task Demo_AnItemItCannotUse_IsCountedAfterTheCycle_NotWarnedAboutBetweenTheMailboxes()
    {
        // The saved tenant again, with one more message in Astrid's Sent Items: a copy of her first, sent to nobody.
        var tenant = Cli.CopyOf(Path.Combine(demo.Data, "tenant"));
        var sent = Path.Combine(tenant, "mailboxes", Astrid, "messages", "sentitems.jsonl");
        var message = System.Text.Json.Nodes.JsonNode.Parse(File.ReadLines(sent).First())!.AsObject();
        var id = message["id"]!.GetValue<string>();
        message["id"] = id[..20] + (id[20] == 'A' ? 'B' : 'A') + id[21..];
        message["internetMessageId"] = "<sent-to-nobody@contoso.com>";
        message["toRecipients"] = new System.Text.Json.Nodes.JsonArray();
        message["internetMessageHeaders"] = new System.Text.Json.Nodes.JsonArray();
        await File.AppendAllTextAsync(sent, message.ToJsonString() + "\n", Ct);

        var data = Path.Combine(Path.GetTempPath(), "gn-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var run = await Cli.RunAsync($"demo --tenant \"{tenant}\" --no-preview --data \"{data}\"", cancellationToken: Ct);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Matches($@"{Astrid}: synced, \d+ items, 1 skipped, \d+ written", run.Output);
        Assert.Contains("1 item could not be used and was skipped: 1 sent mail without recipients.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped item", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Json_HasTheDocumentedShape()
    {
        var result = await Cli.RunAsync($"report --mailbox {Astrid} --format json --data \"{demo.Data}\"", cancellationToken: Ct);

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(Astrid, root.GetProperty("mailbox").GetString());
        Assert.True(root.GetProperty("generatedAt").TryGetDateTimeOffset(out _));
        var people = root.GetProperty("relationships").EnumerateArray().ToList();
        Assert.NotEmpty(people);
        string[] names = ["person", "displayName", "addresses", "lastContact", "lastContactChannel", "lastOutbound", "lastInbound", "lastMeeting",
            "strength", "peakStrength", "tier", "cadenceDays", "due", "status", "excludedReason", "why"];
        Assert.All(people, p => Assert.Equal(names, p.EnumerateObject().Select(o => o.Name)));
        Assert.All(people, p => Assert.Contains(p.GetProperty("tier").GetString(), new[] { "inner", "regular", "distant" }));
        Assert.All(people, p => Assert.Contains(p.GetProperty("status").GetString(), new[] { "ok", "due", "overdue", "snoozed", "muted", "excluded" }));
        Assert.All(people, p => Assert.Contains(p.GetProperty("lastContactChannel").ValueKind == JsonValueKind.Null ? null : p.GetProperty("lastContactChannel").GetString(), new[] { "email-sent", "email-received", "meeting", "teams-chat", "teams-call", null }));
        Assert.All(people, p => Assert.InRange(p.GetProperty("strength").GetDouble(), 0, 100));
        Assert.All(people.Where(p => p.GetProperty("status").GetString() == "excluded"), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("excludedReason").GetString())));
        Assert.Contains(people, p => p.GetProperty("status").GetString() == "excluded");
        var suggestion = root.GetProperty("suggestions").EnumerateArray().First();
        Assert.Equal(["person", "kind", "reason", "state", "graphId"], suggestion.EnumerateObject().Select(o => o.Name));

        // The organisation's name comes from its members' domain (contoso.com) when none is configured.
        Assert.Contains(root.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("reason").GetString()!.Contains("has left Contoso", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_Json_WhenAWarningIsLogged_StdoutIsOnlyTheJson_AndTheWarningGoesToStderr()
    {
        var data = Cli.CopyOf(demo.Data);

        // The copy a migration keeps while it runs, left as if the migration had been interrupted: the next start puts
        // it back and logs a warning (StoreMigrator, event 1002), before the report is printed.
        var database = Path.Combine(data, "graphnetworker.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var copy = connection.CreateCommand();
            copy.CommandText = "VACUUM INTO $copy";
            copy.Parameters.AddWithValue("$copy", database + ".before-migration");
            await copy.ExecuteNonQueryAsync(Ct);
        }

        var result = await Cli.RunAsync($"report --mailbox {Astrid} --format json --data \"{data}\"", cancellationToken: Ct);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("An earlier migration of graphnetworker.db was interrupted", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("interrupted", result.Output, StringComparison.Ordinal);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(Astrid, root.GetProperty("mailbox").GetString());
        Assert.NotEmpty(root.GetProperty("relationships").EnumerateArray());
    }

    [Fact]
    public async Task Demo_ColleaguesWhoMostlyChat_AreOkWithATeamsLastContact_AndNobodyContactedOnTeamsWithinTheCadenceIsSuggested()
    {
        var snapshot = TenantSnapshot.LoadFolder(Path.Combine(demo.Data, "tenant"));
        Assert.NotEmpty(snapshot.Tenant["teams"]!["chats"]!.AsArray());
        var synced = System.Text.RegularExpressions.Regex.Matches(demo.First.Output, @"^(\S+@\S+): synced", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, synced.Count);
        foreach (var mailbox in synced)
        {
            var root = JsonDocument.Parse((await Cli.RunAsync($"report --mailbox {mailbox} --all --format json --data \"{demo.Data}\"", cancellationToken: Ct)).Output).RootElement;
            var people = root.GetProperty("relationships").EnumerateArray().ToDictionary(p => p.GetProperty("person").GetString()!);
            var generatedAt = root.GetProperty("generatedAt").GetDateTimeOffset();

            // Colleagues chatted with this week are ok, their last contact the chat (a meeting since may come later).
            Assert.Contains(people.Values, p => p.GetProperty("status").GetString() == "ok" && p.GetProperty("lastContactChannel").GetString() == "teams-chat"
                && generatedAt - p.GetProperty("lastContact").GetDateTimeOffset() < TimeSpan.FromDays(7));
            foreach (var suggestion in root.GetProperty("suggestions").EnumerateArray())
            {
                var person = people[suggestion.GetProperty("person").GetString()!];
                var channel = person.GetProperty("lastContactChannel").ValueKind == JsonValueKind.String ? person.GetProperty("lastContactChannel").GetString() : null;
                Assert.False(channel is "teams-chat" or "teams-call" && generatedAt - person.GetProperty("lastContact").GetDateTimeOffset() < TimeSpan.FromDays(person.GetProperty("cadenceDays").GetInt32()),
                    $"{mailbox}: suggested {person.GetProperty("person").GetString()} although contacted on Teams within the cadence");
            }
        }
    }

    [Fact]
    public async Task Report_Table_AndUnknownMailbox()
    {
        var table = await Cli.RunAsync($"report --mailbox {Astrid} --all --data \"{demo.Data}\"", cancellationToken: Ct);
        var unknown = await Cli.RunAsync($"report --mailbox nobody@contoso.com --data \"{demo.Data}\"", cancellationToken: Ct);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Last contact", table.Output, StringComparison.Ordinal);
        Assert.Contains("A no-reply or role address", table.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No mailbox 'nobody@contoso.com'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_APersonByAnyAddress_PrintsEveryReason_AndExcludedPeopleSayWhy_AndOnlyThisMailboxsLinks()
    {
        var person = await Cli.RunAsync($"explain --mailbox {Astrid} --person Amelia.Sauer@contoso.com --data \"{demo.Data}\"", cancellationToken: Ct);
        var robot = await Cli.RunAsync($"explain --mailbox {Astrid} --person noreply@weissnatschuster.com --data \"{demo.Data}\"", cancellationToken: Ct);
        var stranger = await Cli.RunAsync($"explain --mailbox {Astrid} --person stranger@nowhere.example --data \"{demo.Data}\"", cancellationToken: Ct);
        var mover = await Cli.RunAsync($"explain --mailbox {Astrid} --person kaia.schneider@jacobicorwin.com --data \"{demo.Data}\"", cancellationToken: Ct);

        Assert.Equal(0, person.ExitCode);
        Assert.Contains("Why", person.Output, StringComparison.Ordinal);
        Assert.Contains("Strength", person.Output, StringComparison.Ordinal);
        Assert.Contains("Tier", person.Output, StringComparison.Ordinal);
        Assert.Contains("A no-reply or role address", robot.Output, StringComparison.Ordinal);
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains("never appeared", stranger.Error, StringComparison.Ordinal);

        // Every mailbox linked the colleague who moved; explain shows this mailbox's link only.
        Assert.Equal(0, mover.ExitCode);
        Assert.Single(mover.Output.Split('\n'), line => line.Contains("Linked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Person_And_Exclude_Overrides_AreAppliedByTheNextCycle()
    {
        var data = Cli.CopyOf(demo.Data);

        var tier = await Cli.RunAsync($"person --mailbox {Astrid} --person amelia.sauer@contoso.com --tier distant --data \"{data}\"", cancellationToken: Ct);
        var exclude = await Cli.RunAsync($"exclude --pattern gislasonllc.com --note \"A competitor\" --data \"{data}\"", cancellationToken: Ct);
        await Cli.RunAsync($"demo --no-preview --data \"{data}\"", cancellationToken: Ct);
        var report = JsonDocument.Parse((await Cli.RunAsync($"report --mailbox {Astrid} --format json --data \"{data}\"", cancellationToken: Ct)).Output).RootElement;

        Assert.Equal(0, tier.ExitCode);
        Assert.Equal(0, exclude.ExitCode);
        var people = report.GetProperty("relationships").EnumerateArray().ToList();
        var amelia = people.Single(p => p.GetProperty("person").GetString() == "amelia.sauer@contoso.com");
        Assert.Equal("distant", amelia.GetProperty("tier").GetString());
        Assert.Contains(amelia.GetProperty("why").EnumerateArray(), w => w.GetString()!.StartsWith("Tier distant: set by you.", StringComparison.Ordinal));
        Assert.All(people.Where(p => p.GetProperty("person").GetString()!.EndsWith("@gislasonllc.com", StringComparison.Ordinal)),
            p => Assert.Equal("Blocked by your administrator (rule 'gislasonllc.com').", p.GetProperty("excludedReason").GetString()));
    }

    [Fact]
    public async Task Purge_DeletesTheMailboxesData_AndStopsReadingIt_UntilOptIn()
    {
        var data = Cli.CopyOf(demo.Data);

        var purge = await Cli.RunAsync($"purge --mailbox {Astrid} --data \"{data}\"", cancellationToken: Ct);
        var afterPurge = JsonDocument.Parse((await Cli.RunAsync($"report --mailbox {Astrid} --format json --data \"{data}\"", cancellationToken: Ct)).Output).RootElement;
        var demoWhileOptedOut = await Cli.RunAsync($"demo --no-preview --data \"{data}\"", cancellationToken: Ct);
        var optIn = await Cli.RunAsync($"opt-in --mailbox {Astrid} --data \"{data}\"", cancellationToken: Ct);
        await Cli.RunAsync($"demo --no-preview --data \"{data}\"", cancellationToken: Ct);
        var afterOptIn = JsonDocument.Parse((await Cli.RunAsync($"report --mailbox {Astrid} --format json --data \"{data}\"", cancellationToken: Ct)).Output).RootElement;

        Assert.Equal(0, purge.ExitCode);
        Assert.Contains("opted out", purge.Output, StringComparison.Ordinal);
        Assert.Empty(afterPurge.GetProperty("relationships").EnumerateArray());
        Assert.Empty(afterPurge.GetProperty("suggestions").EnumerateArray());
        Assert.Contains("2 mailboxes synced", demoWhileOptedOut.Output, StringComparison.Ordinal);
        Assert.Equal(0, optIn.ExitCode);
        Assert.NotEmpty(afterOptIn.GetProperty("relationships").EnumerateArray());
    }

    [Fact]
    public async Task Configuration_EnvironmentVariablesOverrideTheWorkingDirectorysAppSettings()
    {
        var data = Cli.CopyOf(demo.Data);
        var cwd = Path.Combine(Path.GetTempPath(), "gn-cwd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(cwd);
        var empty = Path.Combine(cwd, "empty-data");
        await File.WriteAllTextAsync(Path.Combine(cwd, "appsettings.json"), JsonSerializer.Serialize(new { GraphNetworker = new { Store = new { DataFolder = empty } } }), Ct);

        var fromFile = await Cli.RunAsync($"report --mailbox {Astrid} --format json", cancellationToken: Ct, workingDirectory: cwd);
        var fromEnvironment = await Cli.RunAsync($"report --mailbox {Astrid} --format json", new Dictionary<string, string> { ["GraphNetworker__Store__DataFolder"] = data }, Ct, cwd);

        Assert.Equal(1, fromFile.ExitCode);
        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.NotEmpty(JsonDocument.Parse(fromEnvironment.Output).RootElement.GetProperty("relationships").EnumerateArray());
    }

    [Fact]
    public async Task ConsentUrl_PrintsTheAdminConsentUrl_AndThePermissions()
    {
        var result = await Cli.RunAsync("consent-url --tenant contoso.onmicrosoft.com --client-id 11111111-2222-3333-4444-555555555555", cancellationToken: Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=11111111-2222-3333-4444-555555555555&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Flocalhost", result.Output, StringComparison.Ordinal);
        Assert.Contains("Mail.ReadBasic.All", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Mail.Read\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand_AndTheProductHasNoDemo()
    {
        var worker = await Cli.RunAsync("--help", cancellationToken: Ct);
        var demo = await Cli.RunAsync("demo --help", cancellationToken: Ct);

        Assert.Equal((0, 0), (worker.ExitCode, demo.ExitCode));
        foreach (var command in new[] { "run", "report", "explain", "doctor", "consent-url", "purge", "opt-in", "person", "exclude" })
        {
            Assert.Contains("  " + command + " ", worker.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("  demo ", worker.Output, StringComparison.Ordinal);
        Assert.Contains("--no-preview", demo.Output, StringComparison.Ordinal);
    }
}
