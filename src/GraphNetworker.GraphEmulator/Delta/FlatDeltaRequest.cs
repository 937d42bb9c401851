using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>Everything the flat delta engine needs for one page (messages, tasks, folders).</summary>
internal sealed class FlatDeltaRequest
{
    public required ItemCollection Collection { get; init; }

    /// <summary>The token of this page; for an initial request a fresh token with <c>Since = -1</c>.</summary>
    public required DeltaToken Token { get; init; }

    public required int PageSize { get; init; }

    public required Func<StoredItem, JsonObject> Render { get; init; }

    public required Func<StoredItem, JsonObject> RenderRemoved { get; init; }

    /// <summary>
    /// Renders an item updated (not created) since the token's version from the names of its changed
    /// properties, or null to leave it out; null (the default) renders updated items in full.
    /// </summary>
    public Func<StoredItem, IReadOnlyCollection<string>, JsonObject?>? RenderChanged { get; init; }

    /// <summary>The round's <c>$filter</c> as a predicate, or null.</summary>
    public Func<StoredItem, bool>? Filter { get; init; }

    /// <summary>Sort key for <c>$orderby=… desc</c>, or null for position order.</summary>
    public Func<StoredItem, DateTimeOffset>? OrderByDescending { get; init; }

    /// <summary>The most items a round may return (<c>$top</c>, or 5,000 with a filter).</summary>
    public int Cap { get; init; } = int.MaxValue;

    public DeltaModes Modes { get; init; } = new(false, false);
}
