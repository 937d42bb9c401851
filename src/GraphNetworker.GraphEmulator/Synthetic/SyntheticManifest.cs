namespace GraphNetworker.GraphEmulator;

/// <summary>Placeholder.</summary>
public sealed record SyntheticManifest(string Domain);
