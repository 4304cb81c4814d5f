namespace DsApp.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The repository's root: the folder above the test binaries that holds DsApp.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DsApp.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("DsApp.sln not found above " + AppContext.BaseDirectory);
    }
}
