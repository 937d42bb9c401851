using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.OData;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>What a handler gets: the request, its route values, query options, preferences, caller and mailbox.</summary>
internal sealed class GraphContext
{
    public required GraphRequest Request { get; init; }

    public required RouteMatch Match { get; init; }

    public required QueryOptions Query { get; init; }

    public required PreferOptions Prefer { get; init; }

    public required EmulatorState State { get; init; }

    public required AccessGrant Grant { get; init; }

    /// <summary>The base URL the caller used, e.g. <c>http://127.0.0.1:5080/v1.0</c>: links point back at it.</summary>
    public required string BaseUrl { get; init; }

    public CancellationToken Aborted { get; init; }

    /// <summary>The pipeline serving this request ($batch runs its steps through it).</summary>
    public required GraphPipeline Pipeline { get; init; }

    /// <summary>This request's <c>request-id</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>The mailbox owner for mailbox and To Do routes.</summary>
    public DirectoryUser? User { get; set; }

    public Mailbox? Mailbox { get; set; }

    /// <summary>Preferences honoured, echoed in <c>Preference-Applied</c>.</summary>
    public List<string> AppliedPreferences { get; } = [];

    public GraphEmulatorOptions Settings => State.Settings;

    public DateTimeOffset Now => State.Now;

    public string Value(string name) => Match.Values[name];

    public Mailbox RequireMailbox() => Mailbox ?? throw new InvalidOperationException("The route is not mailbox-scoped.");

    public DirectoryUser RequireUser() => User ?? throw new InvalidOperationException("The route is not mailbox-scoped.");

    /// <summary>The request's <c>$filter</c>, parsed, or null without one. A malformed filter is a 400 with the Outlook code.</summary>
    public FilterNode? OutlookFilter() => Query.Filter is { } text ? ParseFilter(text, GraphErrors.InvalidFilter) : null;

    /// <summary>The request's <c>$filter</c>, parsed, or null without one. A malformed filter is a 400 with the directory code.</summary>
    public FilterNode? DirectoryFilter() => Query.Filter is { } text ? ParseFilter(text, GraphErrors.UnsupportedDirectoryQuery) : null;

    /// <summary>Parses a filter; one the parser refuses is answered as Graph answers it (a 400), never as a 500.</summary>
    public static FilterNode ParseFilter(string text, Func<string, GraphException> invalid)
    {
        try
        {
            return FilterParser.Parse(text);
        }
        catch (FormatException ex)
        {
            throw invalid("Invalid filter clause: " + ex.Message);
        }
    }

    /// <summary>The page size: <c>Prefer: odata.maxpagesize</c> capped by the configured maximum, else the default.</summary>
    public int PageSize(int? defaultSize = null)
    {
        if (Prefer.MaxPageSize is { } requested)
        {
            var applied = Math.Min(requested, Settings.MaxPageSize);
            AppliedPreferences.Add("odata.maxpagesize=" + applied.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return applied;
        }

        return defaultSize ?? Settings.DefaultPageSize;
    }

    /// <summary>Whether ids are rendered immutable (<c>Prefer: IdType="ImmutableId"</c>).</summary>
    public bool ImmutableIds
    {
        get
        {
            if (Prefer.ImmutableIds && !AppliedPreferences.Contains("IdType=\"ImmutableId\""))
            {
                AppliedPreferences.Add("IdType=\"ImmutableId\"");
            }

            return Prefer.ImmutableIds;
        }
    }

    /// <summary>The time zone for event times (<c>Prefer: outlook.timezone</c>), or null for UTC.</summary>
    public string? TimeZone
    {
        get
        {
            if (Prefer.TimeZone is { } tz && GraphTime.TryFindZone(tz, out _))
            {
                var applied = "outlook.timezone=\"" + tz + "\"";
                if (!AppliedPreferences.Contains(applied))
                {
                    AppliedPreferences.Add(applied);
                }

                return tz;
            }

            return null;
        }
    }

    /// <summary>The user segment as the caller wrote it, for <c>@odata.context</c>.</summary>
    public string UserKey => Match.Values.TryGetValue("u", out var u) ? u : string.Empty;

    public string Context(string fragment) => BaseUrl + "/$metadata#" + fragment;

    /// <summary><c>{base}/users('{id}')</c>, the form Graph uses in links.</summary>
    public string UserLink => BaseUrl + "/users('" + RequireUser().Id + "')";
}
