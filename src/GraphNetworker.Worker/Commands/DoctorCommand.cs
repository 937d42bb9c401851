using System.CommandLine;
using System.Text;
using System.Text.Json;
using Azure.Core;
using GraphNetworker.Core;
using GraphNetworker.Graph;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Store;
using GraphNetworker.Worker.Pipeline;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Spectre.Console;

namespace GraphNetworker.Worker.Commands;

/// <summary>
/// <c>doctor</c>: checks, in order, the configuration, the database, Graph reachability, the token's roles against the
/// permissions GraphNetworker needs, and real access to one in-scope mailbox (mail, calendar, settings, To Do), then
/// says which optional Teams sources are on (chats, calls) and, when one is off, why and what to grant.
/// Exchange RBAC grants never appear in a token, so the mailbox probe is the check that counts for those.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check configuration, database, Graph reachability, permissions and mailbox access.");
        command.SetAction(async (parse, ct) =>
        {
            var checks = new List<(string Check, bool Ok, string Detail)>();
            using var host = await StartOrReportAsync(parse, checks, ct);
            if (host is not null)
            {
                await RunChecksAsync(host.Services, checks, ct);
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Check", "Result", "Detail");
            foreach (var (check, ok, detail) in checks)
            {
                table.AddRow(Markup.Escape(check), ok ? "[green]ok[/]" : "[red]problem[/]", Markup.Escape(detail));
            }

            AnsiConsole.Write(table);
            return checks.All(c => c.Ok) ? 0 : 1;
        });
        return command;
    }

    /// <summary>The provider, the migration the database is at, and on SQL Server the database's collation (ids need a binary one).</summary>
    private static async Task<string> DatabaseSummaryAsync(IServiceProvider services, CancellationToken ct)
    {
        var provider = services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider;
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<GraphNetworker.Store.GraphNetworkerDbContext>>().CreateDbContextAsync(ct);
        var applied = (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetAppliedMigrationsAsync(db.Database, ct)).ToList();
        var summary = $"{provider}: reachable, at migration {applied.LastOrDefault() ?? "none"} ({applied.Count} applied, the latest schema)";
        if (provider == StoreProvider.SqlServer)
        {
            var query = Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions
                .SqlQueryRaw<string>(db.Database, "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) AS [Value]");
            var collations = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(query, ct);
            var collation = collations.Single();
            summary += collation.Contains("_BIN", StringComparison.Ordinal) || collation.Contains("_CS_", StringComparison.Ordinal)
                ? $"; collation {collation} keeps ids case-sensitive"
                : $"; WARNING: collation {collation} is case-insensitive, so Graph ids differing only in case collide (use Latin1_General_100_BIN2)";
        }

        return summary;
    }

    private static async Task<IHost?> StartOrReportAsync(ParseResult parse, List<(string, bool, string)> checks, CancellationToken ct)
    {
        try
        {
            var host = await CommandHost.StartAsync(parse, ct);
            checks.Add(("Database", true, await DatabaseSummaryAsync(host.Services, ct)));
            return host;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            checks.Add(("Database", false, e.GetBaseException().Message));
            return null;
        }
    }

    private static async Task RunChecksAsync(IServiceProvider services, List<(string, bool, string)> checks, CancellationToken ct)
    {
        var configured = true;
        foreach (var (name, resolve) in new (string, Func<object>)[]
        {
            ("GraphNetworker:Graph", () => services.GetRequiredService<IOptions<GraphOptions>>().Value),
            ("GraphNetworker:Scope", () => services.GetRequiredService<IOptions<ScopeOptions>>().Value),
            ("GraphNetworker:Sync", () => services.GetRequiredService<IOptions<SyncOptions>>().Value),
            ("GraphNetworker:Outlook", () => services.GetRequiredService<IOptions<OutlookOptions>>().Value),
            ("GraphNetworker:Engine", () => services.GetRequiredService<IOptions<EngineOptions>>().Value),
            ("GraphNetworker:Worker", () => services.GetRequiredService<IOptions<WorkerOptions>>().Value),
        })
        {
            try
            {
                resolve();
            }
            catch (OptionsValidationException e)
            {
                configured = false;
                checks.Add(($"Configuration {name}", false, string.Join(" ", e.Failures)));
            }
        }

        if (!configured)
        {
            return;
        }

        checks.Add(("Configuration", true, "every section is valid"));
        var graph = services.GetRequiredService<IOptions<GraphOptions>>().Value;
        var client = services.GetRequiredService<GraphServiceClient>();
        try
        {
            await client.Users.GetAsync(c => { c.QueryParameters.Top = 1; c.QueryParameters.Select = ["id"]; }, ct);
            checks.Add(("Graph", true, $"{graph.BaseUrl} answers ({graph.Mode})"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            checks.Add(("Graph", false, $"{graph.BaseUrl}: {FailureReason.Of(e)}"));
            return;
        }

        checks.Add(await RolesAsync(graph, ct));
        await ProbeMailboxAsync(services, client, checks, ct);
    }

    private static async Task<(string, bool, string)> RolesAsync(GraphOptions graph, CancellationToken ct)
    {
        if (GraphClientBuilder.CredentialFor(graph) is not { } credential)
        {
            return ("Token roles", true, "emulator token: every permission; checked against a real tenant only");
        }

        var token = await credential.GetTokenAsync(new TokenRequestContext(["https://graph.microsoft.com/.default"]), ct);
        var roles = RolesOf(token.Token);
        var missing = AdminCommands.RequiredPermissions.Except(roles, StringComparer.OrdinalIgnoreCase).ToList();
        var tooBroad = roles.Where(r => r is "Mail.Read" or "Mail.ReadWrite" or "Mail.Read.All" or "Mail.ReadWrite.All").ToList();
        if (tooBroad.Count > 0)
        {
            return ("Token roles", false, $"more than needed: {string.Join(", ", tooBroad)} can read message bodies; grant Mail.ReadBasic.All instead");
        }

        var scoped = missing.Where(m => m is "Mail.ReadBasic.All" or "Calendars.ReadWrite" or "MailboxSettings.Read").ToList();
        var absent = missing.Except(scoped).ToList();
        return absent.Count > 0
            ? ("Token roles", false, $"missing: {string.Join(", ", absent)}")
            : ("Token roles", true, (scoped.Count == 0 ? "all six permissions granted" : $"{string.Join(", ", scoped)} not in the token: fine when granted through Exchange RBAC scoping (see the mailbox probe)") + TeamsRoles(roles));
    }

    private static async Task ProbeMailboxAsync(IServiceProvider services, GraphServiceClient client, List<(string, bool, string)> checks, CancellationToken ct)
    {
        var scope = services.GetRequiredService<IOptions<ScopeOptions>>().Value;
        string? probe = scope.Mailboxes.FirstOrDefault();
        if (probe is null)
        {
            try
            {
                // An OData cast on transitiveMembers is an advanced query: ConsistencyLevel: eventual and $count=true.
                var members = await client.Groups[scope.OptInGroupId].TransitiveMembers.GraphUser.GetAsync(c =>
                {
                    c.QueryParameters.Top = 1;
                    c.QueryParameters.Select = ["id", "userPrincipalName"];
                    c.QueryParameters.Count = true;
                    c.Headers.Add("ConsistencyLevel", "eventual");
                }, ct);
                probe = members?.Value?.FirstOrDefault()?.Id;
                checks.Add(("Opt-in group", probe is not null, probe is null ? "the group has no user members" : "readable, has members"));
            }
            catch (Microsoft.Graph.Models.ODataErrors.ODataError e)
            {
                checks.Add(("Opt-in group", false, $"Graph {e.ResponseStatusCode} {e.Error?.Code}: check GraphNetworker:Scope:OptInGroupId and GroupMember.Read.All"));
            }
        }

        if (probe is null)
        {
            return;
        }

        var user = client.Users[probe];
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var (name, call) in new (string, Func<Task>)[]
        {
            ("Mail metadata", () => user.MailFolders["inbox"].Messages.GetAsync(c => { c.QueryParameters.Top = 1; c.QueryParameters.Select = ["id", "from", "receivedDateTime"]; }, ct)),
            ("Calendar", () => user.CalendarView.GetAsync(c => { c.QueryParameters.StartDateTime = now.ToString("o"); c.QueryParameters.EndDateTime = now.AddDays(1).ToString("o"); c.QueryParameters.Top = 1; }, ct)),
            ("Mailbox settings", () => user.MailboxSettings.GetAsync(cancellationToken: ct)),
            ("To Do", () => user.Todo.Lists.GetAsync(cancellationToken: ct)),
        })
        {
            try
            {
                await call();
                checks.Add(($"Mailbox {probe}: {name}", true, "readable"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks.Add(($"Mailbox {probe}: {name}", false, FailureReason.Of(e)));
            }
        }

        await TeamsAsync(services, client, probe, checks, ct);
    }

    /// <summary>
    /// The optional Teams sources, probed as the worker reads them: a chat list with the last-message preview, and the
    /// mailbox's call records. Off is not a problem (they are optional); the detail says what turning one on takes.
    /// </summary>
    private static async Task TeamsAsync(IServiceProvider services, GraphServiceClient client, string probe, List<(string, bool, string)> checks, CancellationToken ct)
    {
        var sync = services.GetRequiredService<IOptions<SyncOptions>>().Value;
        foreach (var (source, configured, key, call) in new (string, bool, string, Func<Task>)[]
        {
            ("Teams chats", sync.TeamsChats, "TeamsChats", () => client.Users[probe].Chats.GetAsync(c =>
            {
                c.QueryParameters.Expand = ["lastMessagePreview"];
                c.QueryParameters.Orderby = ["lastMessagePreview/createdDateTime desc"];
                c.QueryParameters.Top = 1;
            }, ct)),
            ("Teams calls", sync.TeamsCalls, "TeamsCalls", () => client.Communications.CallRecords.GetAsync(c => c.QueryParameters.Filter = $"participants_v2/any(p:p/id eq '{probe}')", ct)),
        })
        {
            if (!configured)
            {
                checks.Add((source, true, $"off: GraphNetworker:Sync:{key} is false"));
                continue;
            }

            try
            {
                await call();
                checks.Add((source, true, "on: read for members of the opt-in group (metadata only)"));
            }
            catch (Microsoft.Kiota.Abstractions.ApiException e) when (e.ResponseStatusCode == 403)
            {
                checks.Add((source, true, source == "Teams chats"
                    ? $"off (optional): Graph refused the chat list with its last-message preview. Grant {GraphPermissions.OptionalTeams[0]} (grant script --teams); " +
                      $"if it is granted, this tenant refuses the preview under it: grant {GraphPermissions.ChatPreviewFallback} instead (--teams-chat-read-all)"
                    : $"off (optional): grant {GraphPermissions.OptionalTeams[1]} (grant script --teams)"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks.Add((source, false, FailureReason.Of(e)));
            }
        }
    }

    private static string TeamsRoles(List<string> roles)
    {
        var teams = GraphPermissions.OptionalTeams.Append(GraphPermissions.ChatPreviewFallback).Where(r => roles.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        return teams.Count == 0 ? "; no optional Teams permission" : "; optional: " + string.Join(", ", teams);
    }

    /// <summary>The <c>roles</c> claim of an access token (read, not validated: the token came from our own credential).</summary>
    internal static List<string> RolesOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2)
        {
            return [];
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return document.RootElement.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? [.. roles.EnumerateArray().Select(r => r.GetString()).OfType<string>()]
            : [];
    }
}
