using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>
/// One Outlook item as stored: Graph JSON plus its two ids. The REST id changes when the item moves
/// between folders; the immutable id (sent with <c>Prefer: IdType="ImmutableId"</c>) never does.
/// Stored objects are never changed in place: an update stores a new <see cref="StoredItem"/>.
/// </summary>
internal sealed class StoredItem
{
    public StoredItem(string id, string immutableId, JsonObject data)
    {
        Id = id;
        ImmutableId = immutableId;
        Data = data;
    }

    public string Id { get; }

    public string ImmutableId { get; }

    /// <summary>Graph properties except <c>id</c> (rendered per the caller's id preference).</summary>
    public JsonObject Data { get; }

    public string IdFor(bool immutable) => immutable ? ImmutableId : Id;

    public StoredItem With(JsonObject data) => new(Id, ImmutableId, data);
}
