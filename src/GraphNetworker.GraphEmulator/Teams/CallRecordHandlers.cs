using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Teams;

/// <summary>
/// Call records as Microsoft documents them (docs/emulator.md, "Teams"): <c>GET /communications/callRecords</c>
/// lists the records of the last 30 days (older ones are gone, and a GET of one answers 404), 60 a page, with
/// <c>$select</c> and a <c>$filter</c> on <c>startDateTime</c> (lt, le, gt, ge) and
/// <c>participants_v2/any(p:p/id eq '…')</c> only; listed records carry <c>organizer_v2</c> but not
/// <c>participants_v2</c>, which only a GET of one record expands, 130 a page.
/// </summary>
internal static class CallRecordHandlers
{
    public const int PageSize = 60;
    public const int ParticipantPageSize = 130;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "communications/callRecords", RouteScope.Tenant, Permissions.CallRecordsRead, List)
            .Add("GET", "communications/callRecords/{id}", RouteScope.Tenant, Permissions.CallRecordsRead, Get)
            .Add("GET", "communications/callRecords/{id}/participants_v2", RouteScope.Tenant, Permissions.CallRecordsRead, Participants);
    }

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        if (context.Query.FirstSystemOptionExcept("select", "filter", "skiptoken") is { } option)
        {
            throw GraphErrors.BadRequest($"Query option '${option}' is not supported on call records.");
        }

        var records = Retained(context);
        if (context.Query.Filter is { } text)
        {
            var filter = GraphContext.ParseFilter(text, GraphErrors.BadRequest);
            if (!Supported(filter))
            {
                throw GraphErrors.BadRequest("$filter on callRecords is supported only for startDateTime (lt, le, gt, ge) and participants_v2/any(p:p/id eq '...').");
            }

            records = [.. records.Where(r => FilterEvaluator.Directory.Matches(filter, r))];
        }

        var select = context.Query.SelectList();
        var items = records
            .OrderBy(r => r.GetString("startDateTime"), StringComparer.Ordinal).ThenBy(r => r.GetString("id"), StringComparer.Ordinal)
            .Select(r => (JsonNode)Render(r, select, participants: false))
            .ToList();
        var size = context.PageSize(PageSize) is var requested && requested <= PageSize ? requested : PageSize;
        return ValueTask.FromResult(ODataResponses.Paged(context, context.Context("communications/callRecords"), items, size, context.BaseUrl + context.Request.Path));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        if (context.Query.FirstSystemOptionExcept("select", "expand") is { } option)
        {
            throw GraphErrors.BadRequest($"Query option '${option}' is not supported on a call record.");
        }

        var expand = ExpandOption.Parse(context.Query.Expand);
        if (expand.FirstOrDefault(e => !e.Property.Equals("participants_v2", StringComparison.OrdinalIgnoreCase) && !e.Property.Equals("sessions", StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            throw GraphErrors.BadRequest($"Expanding '{other.Property}' is not supported on a call record.");
        }

        var record = RecordOf(context);
        var withParticipants = expand.Any(e => e.Property.Equals("participants_v2", StringComparison.OrdinalIgnoreCase));
        var body = ODataResponses.Entity(context.Context("communications/callRecords" + (withParticipants ? "(participants_v2())" : string.Empty) + "/$entity"),
            Render(record, context.Query.SelectList(), withParticipants));
        if (withParticipants && (record["participants_v2"] as JsonArray)?.Count > ParticipantPageSize)
        {
            body["participants_v2@odata.nextLink"] = context.BaseUrl + "/communications/callRecords/" + record.GetString("id") + "/participants_v2?$skiptoken=" + ODataResponses.WriteOffset(ParticipantPageSize);
        }

        if (expand.Any(e => e.Property.Equals("sessions", StringComparison.OrdinalIgnoreCase)))
        {
            body["sessions"] = new JsonArray();
        }

        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> Participants(GraphContext context)
    {
        if (context.Query.FirstSystemOptionExcept("skiptoken") is { } option)
        {
            throw GraphErrors.BadRequest($"Query option '${option}' is not supported on call participants.");
        }

        var record = RecordOf(context);
        var items = (record["participants_v2"] as JsonArray ?? []).Select(p => p!.DeepClone()).ToList();
        return ValueTask.FromResult(ODataResponses.Paged(context, context.Context("communications/callRecords('" + record.GetString("id") + "')/participants_v2"),
            items, ParticipantPageSize, context.BaseUrl + context.Request.Path));
    }

    /// <summary>The records still kept: a record is available for 30 days after its call ended.</summary>
    private static List<JsonObject> Retained(GraphContext context) =>
        [.. context.State.Teams.CallRecords().Where(r => IsRetained(r, context.Now))];

    private static bool IsRetained(JsonObject record, DateTimeOffset now) =>
        GraphTime.TryParseInstant(record.GetString("endDateTime"), out var end) && end + Retention > now;

    private static JsonObject RecordOf(GraphContext context)
    {
        var id = context.Value("id");
        return context.State.Teams.CallRecord(id) is { } record && IsRetained(record, context.Now)
            ? record
            : throw new GraphException(404, "NotFound", $"The call record '{id}' was not found.");
    }

    private static JsonObject Render(JsonObject record, IReadOnlyList<string>? select, bool participants)
    {
        var item = new JsonObject();
        foreach (var (name, value) in record)
        {
            var keep = name == "id" || select is null || select.Contains(name, StringComparer.OrdinalIgnoreCase);
            if (name == "participants_v2")
            {
                keep = participants;
            }

            if (keep)
            {
                item[name] = name == "participants_v2" && value is JsonArray list
                    ? new JsonArray([.. list.Take(ParticipantPageSize).Select(p => p?.DeepClone())])
                    : value?.DeepClone();
            }
        }

        return item;
    }

    /// <summary>Only what Microsoft documents: comparisons on startDateTime and the participant id lambda, joined by <c>and</c>.</summary>
    private static bool Supported(FilterNode filter) => filter switch
    {
        FilterBinary { Operator: "and" } and => Supported(and.Left) && Supported(and.Right),
        FilterBinary { Operator: "lt" or "le" or "gt" or "ge", Left: FilterPath { Parts: [var p] } } when p.Equals("startDateTime", StringComparison.OrdinalIgnoreCase) => true,
        FilterLambda { All: false, Collection.Parts: [var c], Variable: { } v, Body: FilterBinary { Operator: "eq", Left: FilterPath { Parts: [var x, var id] }, Right: FilterLiteral } }
            when c.Equals("participants_v2", StringComparison.OrdinalIgnoreCase) && x == v && id.Equals("id", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    };
}
