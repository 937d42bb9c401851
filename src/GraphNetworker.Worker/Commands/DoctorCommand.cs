using System.CommandLine;
using System.Text;
using System.Text.Json;
using Azure.Core;
using GraphNetworker.Core;
using GraphNetworker.Graph;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Pipeline;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Spectre.Console;

namespace GraphNetworker.Worker.Commands;

/// <summary>
/// <c>doctor</c>: checks, in order, the database (its migration level and, on SQL Server, the collation of its id
/// columns), the configuration, Graph reachability, the token's roles against the
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

    /// <summary>
    /// The database as it is (doctor never migrates it: a check run from an administrator's machine must not change a
    /// production schema): the migration it is at and what this version would apply, and on SQL Server whether Graph
    /// ids compare case-sensitively in every id column.
    /// </summary>
    private static async Task DatabaseAsync(IServiceProvider services, List<(string, bool, string)> checks, CancellationToken ct)
    {
        var state = await services.GetRequiredService<DatabaseStatus>().ReadAsync(ct);
        var pending = state.Pending.Count == 0
            ? "none pending: the latest schema"
            : $"{state.Pending.Count} pending: {string.Join(", ", state.Pending)}; the worker applies them when it starts";
        var level = state.Current is { } current
            ? $"{state.Provider}: at migration {current} ({state.Applied.Count} applied; {pending})"
            : $"{state.Provider}: an empty database ({pending})";
        checks.Add(state.Unknown.Count == 0
            ? ("Database", true, level)
            : ("Database", false, $"{level}; applied by a newer version of GraphNetworker: {string.Join(", ", state.Unknown)}: deploy that version or a later one"));
        if (state.Collations is { } collations)
        {
            checks.Add(Collation(collations));
        }
    }

    private static (string, bool, string) Collation(IdCollations collations)
    {
        const string Advice = "Graph ids are case-sensitive: two differing only in case would collide. A database not created by infra/ must use a binary collation such as Latin1_General_100_BIN2";
        var database = $"database {collations.Database}";
        if (collations.CaseInsensitive is { Count: > 0 } wrong)
        {
            return ("Collation", false, $"{database}; case-insensitive id columns: {string.Join(", ", wrong.Select(c => $"{c.Table}.{c.Column} ({c.Collation})"))}. {Advice}");
        }

        if (collations.Columns.Count == 0)
        {
            return collations.DatabaseIsCaseSensitive
                ? ("Collation", true, $"{database}: case-sensitive, so the tables the worker creates compare ids exactly")
                : ("Collation", false, $"{database} is case-insensitive and the tables are not created yet. {Advice}");
        }

        return ("Collation", true, $"{database}; all {collations.Columns.Count} id columns binary or case-sensitive ({string.Join(", ", collations.Columns.Select(c => c.Collation).Distinct(StringComparer.Ordinal))})"
            + (collations.DatabaseIsCaseSensitive ? string.Empty : $"; but the database's own collation is case-insensitive, so a column added later would be too. {Advice}"));
    }

    private static async Task<IHost?> StartOrReportAsync(ParseResult parse, List<(string, bool, string)> checks, CancellationToken ct)
    {
        IHost host;
        try
        {
            host = await CommandHost.StartAsync(parse, ct, migrate: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            checks.Add(("Configuration", false, e.GetBaseException().Message));
            return null;
        }

        try
        {
            await DatabaseAsync(host.Services, checks, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreachable or misconfigured: said here, and the Graph checks still run.
            checks.Add(("Database", false, e.GetBaseException().Message));
        }

        return host;
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
        if (scope.Mailboxes.Any(m => !string.IsNullOrWhiteSpace(m)))
        {
            // Each configured entry as the cycle resolves it: one Graph will not read is left out of scope (the others are synced).
            try
            {
                var unresolved = (await services.GetRequiredService<ScopeReader>().ReadAsync(ct)).Unresolved;
                checks.Add(("Configured mailboxes", unresolved.Count == 0, unresolved.Count == 0 ? "every entry resolves" : ScopeHealth.Describe(unresolved)));
                probe = scope.Mailboxes.Where((m, i) => !string.IsNullOrWhiteSpace(m) && unresolved.All(u => u.Configured != i + 1)).FirstOrDefault() ?? probe;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks.Add(("Configured mailboxes", false, FailureReason.Of(e)));
            }
        }
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
