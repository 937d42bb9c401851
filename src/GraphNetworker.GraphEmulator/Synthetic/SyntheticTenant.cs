using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>Builds a synthetic tenant from a spec: directory now, mailbox content when each mailbox is first used.</summary>
internal static class SyntheticTenant
{
    public static LoadedTenant Create(SyntheticTenantSpec spec, DateTimeOffset now) => throw new NotImplementedException(spec.ToString() + now);
}
