using System.IO.Compression;

namespace DsApp.AppHost.Publishing;

/// <summary>Writes a bundle as a folder and as the zip Elastic Beanstalk takes (<c>docker-compose.yml</c> at its root).</summary>
public static class BundleWriter
{
    /// <returns>The zip's path: the folder's path with <c>.zip</c> added.</returns>
    public static string Write(IReadOnlyDictionary<string, string> files, string folder)
    {
        folder = Path.GetFullPath(folder);
        // A stale file from an earlier publish (e.g. the DNS record) must not ride along.
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content);
        }
        var zip = folder.TrimEnd(Path.DirectorySeparatorChar) + ".zip";
        File.Delete(zip);
        ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
        return zip;
    }
}
