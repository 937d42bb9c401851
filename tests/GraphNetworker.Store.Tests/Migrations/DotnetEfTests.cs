using System.Diagnostics;
using GraphNetworker.Store.Migrations;

namespace GraphNetworker.Store.Tests.Migrations;

/// <summary>
/// EF Core's own tooling on the store, as a developer runs it from a clean clone (<c>dotnet tool restore</c>, then
/// <c>dotnet ef</c> through <c>.config/dotnet-tools.json</c>): for every provider it lists every migration and finds the
/// model and the provider-neutral snapshot equal (nothing pending), so the one migration set serves all three.
/// </summary>
public sealed class DotnetEfTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public async Task DotnetEf_ForEachProvider_SeesNoPendingModelChange_AndListsEveryMigration(string provider)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "GraphNetworker.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root not found");
        }

        Assert.Equal(0, (await RunAsync(root.FullName, "tool restore")).ExitCode);
        var ef = "ef --project src/GraphNetworker.Store --startup-project src/GraphNetworker.Store.SqlServer --no-build";
        var pending = await RunAsync(root.FullName, $"{ef} migrations has-pending-model-changes -- --provider {provider}");
        var list = await RunAsync(root.FullName, $"{ef} migrations list --no-connect -- --provider {provider}");

        Assert.True(pending.ExitCode == 0, pending.Output);
        Assert.Contains("No changes have been made to the model since the last migration.", pending.Output, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Output);
        foreach (var migration in new[] { Initial.MigrationId, SyncHealthAndOutlookWrites.MigrationId, OneModel.MigrationId, OneModelBackfill.MigrationId, LeaseFencing.MigrationId })
        {
            Assert.Contains(migration, list.Output, StringComparison.Ordinal);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
