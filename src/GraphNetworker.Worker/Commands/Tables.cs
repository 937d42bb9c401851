using GraphNetworker.Core.Model;
using GraphNetworker.Worker.Reports;
using Spectre.Console;

namespace GraphNetworker.Worker.Commands;

/// <summary>Console tables for people: who, last contact, strength, tier, status, and the reason.</summary>
public static class Tables
{
    public static void Relationships(IAnsiConsole console, MailboxReport report, bool includeExcluded, int? limit = null)
    {
        var rows = report.Relationships.Where(r => includeExcluded || r.Status != "excluded").ToList();
        var table = new Table().Border(TableBorder.Rounded).Expand().Title($"[bold]{Markup.Escape(report.Mailbox)}[/]")
            .AddColumn("Person").AddColumn(new TableColumn("Last contact").NoWrap()).AddColumn(new TableColumn("Strength\n(peak)").RightAligned())
            .AddColumn("Tier").AddColumn("Status").AddColumn(new TableColumn("Why").Width(48));
        foreach (var r in rows.Take(limit ?? int.MaxValue))
        {
            table.AddRow(
                Markup.Escape(r.DisplayName),
                r.LastContact is { } at ? $"{at:d MMM yyyy}\n[grey]{Channel(r.LastContactChannel)}[/]" : "[grey]never[/]",
                $"{r.Strength:0}" + (r.PeakStrength > r.Strength + 5 ? $" [grey]({r.PeakStrength:0})[/]" : string.Empty),
                r.Tier,
                Status(r.Status),
                Markup.Escape(r.Status == "excluded" ? r.ExcludedReason ?? string.Empty : Headline(r)));
        }

        console.Write(table);
        var hidden = report.Relationships.Count - Math.Min(rows.Count, limit ?? int.MaxValue);
        if (hidden > 0)
        {
            console.MarkupLine($"[grey]{hidden} more (excluded people and the rest): report --mailbox {Markup.Escape(report.Mailbox)} --all, or --format json.[/]");
        }
    }

    public static void Suggestions(IAnsiConsole console, MailboxReport report)
    {
        if (report.Suggestions.Count == 0)
        {
            console.MarkupLine("[grey]No suggestions yet.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Expand().Title("[bold]Suggestions in Outlook[/]")
            .AddColumn(new TableColumn("Kind").NoWrap()).AddColumn("Person").AddColumn("State").AddColumn(new TableColumn("Reason").Width(60));
        foreach (var s in report.Suggestions)
        {
            var name = report.Relationships.FirstOrDefault(r => r.Person == s.Person)?.DisplayName ?? s.Person;
            table.AddRow(s.Kind == "hold" ? "coffee hold" : "To Do task", Markup.Escape(name), s.State, Markup.Escape(s.Reason));
        }

        console.Write(table);
    }

    public static void Explain(IAnsiConsole console, MailboxReport report, RelationshipEntry r, IReadOnlyList<LinkDecision> links)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]Person[/]", Markup.Escape($"{r.DisplayName} <{r.Person}>"));
        grid.AddRow("Addresses", Markup.Escape(string.Join(", ", r.Addresses)));
        grid.AddRow("Mailbox", Markup.Escape(report.Mailbox));
        grid.AddRow("Status", Status(r.Status) + (r.ExcludedReason is { } reason ? " — " + Markup.Escape(reason) : string.Empty));
        grid.AddRow("Strength", $"{r.Strength:0}/100 (peak {r.PeakStrength:0})");
        grid.AddRow("Tier", $"{r.Tier}, due every {r.CadenceDays} days" + (r.Due is { } due ? $", next due {due:yyyy-MM-dd}" : string.Empty));
        grid.AddRow("Last contact", When(r.LastContact) + (r.LastContactChannel is { } c ? $" ({Channel(c)})" : string.Empty));
        grid.AddRow("Last sent / received / met", $"{When(r.LastOutbound)} / {When(r.LastInbound)} / {When(r.LastMeeting)}");
        foreach (var link in links)
        {
            grid.AddRow("Linked", Markup.Escape($"{link.FromKey} → {link.ToKey}: {link.Reason}") + (link.Accepted ? string.Empty : " [red](rejected)[/]"));
        }

        console.Write(new Panel(grid).Header("explain").Border(BoxBorder.Rounded));
        console.MarkupLine("[bold]Why[/]");
        foreach (var line in r.Why)
        {
            console.MarkupLine(" • " + Markup.Escape(line));
        }

        foreach (var s in report.Suggestions.Where(s => s.Person == r.Person))
        {
            console.MarkupLine($"[bold]Suggestion[/] ({s.Kind}, {s.State}): " + Markup.Escape(s.Reason));
        }
    }

    private static string Headline(RelationshipEntry r) =>
        r.Why.FirstOrDefault(w => w.StartsWith("Drifting", StringComparison.Ordinal) || w.StartsWith("Moved", StringComparison.Ordinal) || w.StartsWith("Left", StringComparison.Ordinal))
        ?? r.Why.FirstOrDefault(w => w.StartsWith("Overdue", StringComparison.Ordinal) || w.StartsWith("Due", StringComparison.Ordinal) || w.StartsWith("Already", StringComparison.Ordinal) || w.StartsWith("Snoozed", StringComparison.Ordinal) || w.StartsWith("Muted", StringComparison.Ordinal) || w.StartsWith("Next touch", StringComparison.Ordinal))
        ?? string.Empty;

    private static string Status(string status) => status switch
    {
        "overdue" => "[red]overdue[/]",
        "due" => "[yellow]due[/]",
        "ok" => "[green]ok[/]",
        "excluded" => "[grey]excluded[/]",
        _ => status,
    };

    private static string Channel(string? channel) => channel switch
    {
        "email-sent" => "you wrote",
        "email-received" => "they wrote",
        "meeting" => "meeting",
        "teams-chat" => "Teams chat",
        "teams-call" => "Teams call",
        _ => string.Empty,
    };

    private static string When(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "never";
}
