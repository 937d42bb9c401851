using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>One page of a delta round: items plus either a next token or a delta token, never both.</summary>
internal sealed record DeltaPage(List<JsonObject> Items, DeltaToken? Next, DeltaToken? Delta);

/// <summary>Test modes that make delta rounds harder for clients, as Graph sometimes does.</summary>
internal sealed record DeltaModes(bool ReplayItems, bool EmptyPages);
