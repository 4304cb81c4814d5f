namespace DsApp.Tests.Docs;

/// <summary>The documentation stands alone: a clone holds everything it links to, and nothing points outside it.</summary>
public sealed class DocsStandAloneTests
{
    [Fact]
    public void Every_relative_link_resolves_to_a_file_and_a_heading_of_the_repository()
    {
        var broken = new List<string>();
        foreach (var file in RepositoryFiles.Markdown())
        {
            foreach (var link in MarkdownText.Links(File.ReadAllText(file)))
            {
                if (link.StartsWith("http:", StringComparison.Ordinal) || link.StartsWith("https:", StringComparison.Ordinal)
                    || link.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var (path, anchor) = link.IndexOf('#') is var hash and >= 0 ? (link[..hash], link[(hash + 1)..]) : (link, "");
                var target = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                if (!File.Exists(target) && !Directory.Exists(target))
                    broken.Add($"{RepositoryFiles.Relative(file)}: ({link}) names no file of the repository");
                else if (!target.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal))
                    broken.Add($"{RepositoryFiles.Relative(file)}: ({link}) leaves the repository");
                else if (anchor.Length > 0 && target.EndsWith(".md", StringComparison.Ordinal)
                         && !MarkdownText.Anchors(File.ReadAllText(target)).Contains(anchor))
                    broken.Add($"{RepositoryFiles.Relative(file)}: ({link}) names no heading of {RepositoryFiles.Relative(target)}");
            }
        }
        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Fact]
    public void No_file_points_at_the_folders_beside_a_clone_or_at_this_workplace()
    {
        // Spelled in pieces so that this file does not match itself.
        string[] outside = ["../" + "shared", "/wo" + "rk/"];
        var pointing = RepositoryFiles.Text()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(hit => outside.Any(pattern => hit.line.Contains(pattern, StringComparison.Ordinal)))
            .Select(hit => $"{RepositoryFiles.Relative(hit.file)}:{hit.index + 1}: {hit.line.Trim()}")
            .ToList();
        Assert.True(pointing.Count == 0, string.Join('\n', pointing));
    }

    [Fact]
    public void The_link_check_finds_a_broken_link_and_a_missing_heading()
    {
        const string page = "See [the guide](guide.md#no-such-heading) and [x](#here).\n\n## Here\n```\n[not a link](nowhere.md)\n```\n";
        Assert.Equal(["guide.md#no-such-heading", "#here"], MarkdownText.Links(page));
        Assert.Equal(["here"], MarkdownText.Anchors(page));
    }
}
