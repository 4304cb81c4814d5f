
namespace DsApp.Tests.Docs;

/// <summary>The files of the repository a user's clone holds: no build output, installed tools or local data.</summary>
public static class RepositoryFiles
{
    private static readonly string[] NotOurs = ["bin", "obj", ".git", ".tools", "node_modules", "TestResults", ".data", "artifacts", "BenchmarkDotNet.Artifacts"];

    /// <summary>Markdown files written for this repository (the vendored converter in tools/ keeps its own).</summary>
    public static IEnumerable<string> Markdown() =>
        All().Where(path => path.EndsWith(".md", StringComparison.Ordinal) && !Relative(path).StartsWith("tools/", StringComparison.Ordinal));

    /// <summary>Every text file: what is not a binary by its extension.</summary>
    public static IEnumerable<string> Text() =>
        All().Where(path => !BinaryExtensions.Contains(Path.GetExtension(path)));

    public static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

    private static readonly HashSet<string> BinaryExtensions =
        new([".so", ".dll", ".zip", ".onnx", ".png", ".jpg", ".gz", ".pyc", ".bin"], StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> All()
    {
        var pending = new Stack<string>([RepositoryPaths.Root]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var child in Directory.EnumerateDirectories(folder))
                if (!NotOurs.Contains(Path.GetFileName(child))) pending.Push(child);
            // A worktree's .git is a file naming the main checkout's folder: git's, not the repository's.
            foreach (var file in Directory.EnumerateFiles(folder))
                if (!NotOurs.Contains(Path.GetFileName(file))) yield return file;
        }
    }
}
