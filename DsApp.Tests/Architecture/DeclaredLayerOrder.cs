using System.Text.RegularExpressions;

namespace DsApp.Tests.Architecture;

/// <summary>
/// The layer order docs/architecture.md declares: each row of its "Layer order" table names a service and its folders,
/// lowest first (<c>| `DsApp.Ingest` | `Telemetry` → `Events` → … |</c>). The test reads the doc, so the two cannot drift.
/// </summary>
public static partial class DeclaredLayerOrder
{
    public static string DocPath { get; } = Path.Combine(RepositoryPaths.Root, "docs", "architecture.md");

    /// <summary>Each service's folders, lowest first, as the doc's table gives them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read() => Parse(File.ReadAllText(DocPath));

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string markdown)
    {
        var orders = new Dictionary<string, IReadOnlyList<string>>();
        var inSection = false;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) inSection = line == "## Layer order";
            if (!inSection || RowPattern().Match(line) is not { Success: true } row) continue;
            orders[row.Groups["service"].Value] = row.Groups["layers"].Value.Split('→').Select(l => l.Trim().Trim('`')).ToList();
        }
        return orders;
    }

    [GeneratedRegex(@"^\| `(?<service>DsApp\.[\w.]+)` \| (?<layers>`\w+`(?: → `\w+`)*) \|$")]
    private static partial Regex RowPattern();
}
