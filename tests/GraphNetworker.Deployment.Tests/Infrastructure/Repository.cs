namespace GraphNetworker.Deployment.Tests.Infrastructure;

/// <summary>Paths in the repository this test assembly was built from.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    public static string Root => RootFolder.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GraphNetworker.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (GraphNetworker.sln) was not found above " + AppContext.BaseDirectory);
    }
}
