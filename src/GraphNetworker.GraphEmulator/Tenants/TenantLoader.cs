using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Synthetic;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>Turns the configured tenant source (in-memory, folder, or synthetic spec) into a served tenant.</summary>
internal static class TenantLoader
{
    public const string SyntheticPrefix = "synthetic:";

    public static LoadedTenant Load(GraphEmulatorOptions options, EmulatorClock clock)
    {
        if (options.TenantSnapshot is { } inMemory)
        {
            return FromSnapshot(inMemory, clock.GetUtcNow());
        }

        if (options.Tenant.StartsWith(SyntheticPrefix, StringComparison.OrdinalIgnoreCase) ||
            options.Tenant.Equals("synthetic", StringComparison.OrdinalIgnoreCase))
        {
            var spec = SyntheticTenantSpec.Parse(options.Tenant);
            return SyntheticTenant.Create(spec, clock.GetUtcNow());
        }

        if (!System.IO.Directory.Exists(options.Tenant))
        {
            throw new DirectoryNotFoundException($"Tenant folder '{options.Tenant}' does not exist (use a snapshot folder or 'synthetic:users=3,months=12,seed=42').");
        }

        return FromSnapshot(TenantSnapshot.LoadFolder(options.Tenant), clock.GetUtcNow());
    }

    public static LoadedTenant FromSnapshot(TenantSnapshot snapshot, DateTimeOffset now)
    {
        var directory = DirectoryLoader.Load(snapshot.Tenant, snapshot.Mailboxes.Keys);
        var seed = Hashing.Of(directory.TenantId);
        return new LoadedTenant(directory, new SnapshotContentSource(snapshot, seed, now), seed, null, snapshot.Tenant["teams"] as System.Text.Json.Nodes.JsonObject);
    }
}
