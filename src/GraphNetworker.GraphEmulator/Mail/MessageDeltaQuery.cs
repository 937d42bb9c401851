using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>
/// Validates the options of an initial message delta request as Graph does: <c>$filter</c> only
/// <c>receivedDateTime ge|gt</c>, <c>$orderby</c> only <c>receivedDateTime desc</c>, no <c>$search</c>,
/// <c>changeType</c> created|updated|deleted.
/// </summary>
internal static class MessageDeltaQuery
{
    public const int FilteredCap = 5000;

    public static DeltaQuery FromRequest(QueryOptions query)
    {
        if (query.Search is not null)
        {
            throw GraphErrors.BadRequest("The query parameter '$search' is not supported with change tracking over the 'Messages' resource.");
        }

        if (query.Filter is { } filter)
        {
            _ = ReceivedAfter(filter);
        }

        if (query.OrderBy is { } orderBy && !IsReceivedDesc(orderBy))
        {
            throw GraphErrors.BadRequest("The only supported $orderby for message delta is 'receivedDateTime desc'.");
        }

        var changeType = query.Get("changeType");
        if (changeType is not null && changeType is not ("created" or "updated" or "deleted"))
        {
            throw GraphErrors.BadRequest($"Invalid changeType '{changeType}': expected created, updated or deleted.");
        }

        return new DeltaQuery
        {
            Select = query.Select,
            Filter = query.Filter,
            OrderBy = query.OrderBy,
            Top = query.Top,
            ChangeType = changeType,
            Expand = query.Expand,
        };
    }

    /// <summary>The predicate of a <c>receivedDateTime ge|gt X</c> filter.</summary>
    public static Func<StoredItem, bool> ReceivedAfter(string filter)
    {
        var node = GraphContext.ParseFilter(filter, GraphErrors.InvalidFilter);

        if (node is not FilterBinary { Operator: "ge" or "gt" } b ||
            b.Left is not FilterPath { Parts: [var name] } ||
            !name.Equals("receivedDateTime", StringComparison.OrdinalIgnoreCase) ||
            b.Right is not FilterLiteral { Kind: LiteralKind.DateTime or LiteralKind.String } literal ||
            !GraphTime.TryParseInstant(literal.Text, out var bound))
        {
            throw GraphErrors.InvalidFilter("Change tracking over messages supports only '$filter=receivedDateTime ge {value}' or 'gt {value}'.");
        }

        var strict = b.Operator == "gt";
        return item => GraphTime.TryParseInstant(item.Data.GetString("receivedDateTime"), out var received) &&
            (strict ? received > bound : received >= bound);
    }

    public static bool IsReceivedDesc(string orderBy)
    {
        var parts = orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0].Equals("receivedDateTime", StringComparison.OrdinalIgnoreCase) &&
            parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
    }

    public static DateTimeOffset ReceivedKey(StoredItem item) =>
        GraphTime.TryParseInstant(item.Data.GetString("receivedDateTime"), out var d) ? d : DateTimeOffset.MinValue;
}
