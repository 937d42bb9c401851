using System.Globalization;
using System.Net;
using System.Text;

namespace GraphNetworker.Demo.Preview;

/// <summary>Renders the preview as one self-contained HTML page: a To Do list beside a calendar week, Outlook-like.</summary>
public static class PreviewPage
{
    private const int FirstHour = 8;
    private const int LastHour = 18;
    private const int HourHeight = 48;

    public static string Render(PreviewModel model)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>GraphNetworker preview: ")
            .Append(E(model.DisplayName)).Append("</title><style>").Append(Css).Append("</style></head><body>");
        html.Append("<header><div class=\"brand\">GraphNetworker <span>preview of what each user sees in Outlook</span></div><nav>");
        foreach (var (name, upn) in model.Users)
        {
            html.Append("<a href=\"/user/").Append(E(Uri.EscapeDataString(upn))).Append('"')
                .Append(upn == model.UserPrincipalName ? " class=\"current\"" : string.Empty).Append('>').Append(E(name)).Append("</a>");
        }

        html.Append("</nav></header><main>");
        RenderTodo(html, model);
        RenderWeek(html, model);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void RenderTodo(StringBuilder html, PreviewModel model)
    {
        var open = model.Tasks.Where(t => !t.Completed).ToList();
        html.Append("<section class=\"todo\"><h1>").Append(E(model.ListName)).Append("</h1><p class=\"sub\">Microsoft To Do · ")
            .Append(E(model.DisplayName)).Append(" · ").Append(open.Count).Append(open.Count == 1 ? " task" : " tasks").Append("</p>");
        if (model.Tasks.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing to do: everyone important is in touch.</p>");
        }

        var first = true;
        foreach (var task in model.Tasks.OrderBy(t => t.Completed).ThenBy(t => t.Due))
        {
            html.Append("<article class=\"task").Append(task.Completed ? " done" : string.Empty).Append("\"><div class=\"check\"></div><div class=\"content\"><h2>")
                .Append(E(task.Title)).Append("</h2><div class=\"meta\">");
            if (task.Due is { } due)
            {
                html.Append("<span class=\"due\">Due ").Append(due.ToString("ddd d MMM", CultureInfo.InvariantCulture)).Append("</span>");
            }

            html.Append("<span class=\"cat\">Keep in touch</span></div><details").Append(first && !task.Completed ? " open" : string.Empty)
                .Append("><summary>Notes</summary><pre>").Append(E(task.Body)).Append("</pre></details>");
            first = false;
            foreach (var (text, isChecked) in task.Steps)
            {
                html.Append("<div class=\"step\">").Append(isChecked ? "☑ " : "☐ ").Append(E(text)).Append("</div>");
            }

            if (task.Link is { } link && IsWebLink(link))
            {
                html.Append("<a class=\"link\" href=\"").Append(E(link)).Append("\">").Append(E(task.LinkName ?? "Open in Outlook")).Append("</a>");
            }

            html.Append("</div></article>");
        }

        html.Append("</section>");
    }

    private static void RenderWeek(StringBuilder html, PreviewModel model)
    {
        html.Append("<section class=\"week\"><h1>Calendar</h1><p class=\"sub\">Week of ")
            .Append(model.WeekStart.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append(" · ").Append(E(model.TimeZone)).Append("</p><div class=\"grid\"><div class=\"hours\">");
        for (var hour = FirstHour; hour < LastHour; hour++)
        {
            html.Append("<div style=\"height:").Append(HourHeight).Append("px\">").Append(hour.ToString("00", CultureInfo.InvariantCulture)).Append(":00</div>");
        }

        html.Append("</div>");
        for (var day = 0; day < 5; day++)
        {
            var date = model.WeekStart.AddDays(day);
            html.Append("<div class=\"day\"><div class=\"dayname\">").Append(date.ToString("ddd d", CultureInfo.InvariantCulture))
                .Append("</div><div class=\"slots\" style=\"height:").Append((LastHour - FirstHour) * HourHeight).Append("px\">");
            foreach (var e in model.Events.Where(e => e.Start.Date == date && !e.IsCancelled).OrderBy(e => e.Start))
            {
                var top = Math.Max(0, (e.Start.TimeOfDay.TotalHours - FirstHour) * HourHeight);
                var height = Math.Max(18, (e.End - e.Start).TotalHours * HourHeight - 2);
                if (top >= (LastHour - FirstHour) * HourHeight)
                {
                    continue;
                }

                html.Append("<div class=\"event ").Append(e.IsHold ? "hold" : e.ShowAs).Append("\" style=\"top:").Append(top.ToString("0", CultureInfo.InvariantCulture))
                    .Append("px;height:").Append(height.ToString("0", CultureInfo.InvariantCulture)).Append("px\"><b>")
                    .Append(e.Start.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</b> ").Append(e.IsHold ? "☕ " : string.Empty).Append(E(e.Subject));
                if (e.IsHold)
                {
                    html.Append("<div class=\"tag\">tentative · private · no one invited</div>");
                }

                html.Append("</div>");
            }

            html.Append("</div></div>");
        }

        html.Append("</div></section>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Only http and https become links: a task's linkedResource is the user's data, and a javascript: URL in it must not run here.</summary>
    internal static bool IsWebLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private const string Css = """
        *{box-sizing:border-box} body{margin:0;font:14px/1.4 "Segoe UI",system-ui,sans-serif;background:#f3f2f1;color:#242424}
        header{background:#0f6cbd;color:#fff;padding:10px 24px;display:flex;align-items:center;gap:24px}
        .brand{font-weight:600;font-size:16px}.brand span{font-weight:400;opacity:.85;font-size:13px;margin-left:8px}
        nav a{color:#fff;text-decoration:none;margin-right:14px;opacity:.8}nav a.current{opacity:1;border-bottom:2px solid #fff}
        main{display:grid;grid-template-columns:minmax(360px,420px) 1fr;gap:20px;padding:20px 24px}
        section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:16px 18px}
        h1{font-size:20px;margin:0}.sub{color:#616161;margin:2px 0 12px}.empty{color:#616161}
        .task{display:flex;gap:10px;padding:10px 4px;border-top:1px solid #edebe9}.task.done h2{text-decoration:line-through;color:#8a8886}
        .check{width:18px;height:18px;border:2px solid #0f6cbd;border-radius:50%;margin-top:2px;flex:none}.task.done .check{background:#0f6cbd}
        .task h2{font-size:15px;margin:0 0 2px}.meta span{font-size:12px;margin-right:8px}.due{color:#0f6cbd}.cat{background:#dff6dd;color:#0e700e;border-radius:4px;padding:0 6px}
        details{margin:4px 0}summary{cursor:pointer;color:#616161;font-size:12px}pre{white-space:pre-wrap;font:13px/1.45 "Segoe UI",system-ui,sans-serif;margin:6px 0;color:#424242}
        .step{font-size:12px;color:#424242}.link{font-size:12px;color:#0f6cbd}
        .grid{display:grid;grid-template-columns:48px repeat(5,1fr);gap:0 6px}.hours div{font-size:11px;color:#8a8886;border-top:1px solid #edebe9}
        .dayname{font-weight:600;text-align:center;padding:0 0 4px}.slots{position:relative;border-top:1px solid #edebe9;background:repeating-linear-gradient(#fff 0 47px,#edebe9 47px 48px)}
        .hours{padding-top:24px}.event{position:absolute;left:2px;right:2px;border-radius:4px;padding:1px 6px;font-size:11.5px;line-height:1.35;overflow:hidden;border-left:4px solid #8a8886;background:#e1dfdd}
        .event.busy{background:#deecf9;border-left-color:#0f6cbd}.event.tentative{background:repeating-linear-gradient(45deg,#deecf9 0 6px,#fff 6px 12px);border-left-color:#0f6cbd}
        .event.oof{background:#f1dfed;border-left-color:#8764b8}.event.hold{background:#fff4ce;border:2px dashed #c19c00;border-left:4px solid #c19c00;font-weight:600}
        .tag{font-weight:400;font-size:11px;color:#6d5700}
        """;
}
