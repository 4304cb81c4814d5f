namespace DsApp.ModelWorker.Monitoring;

/// <summary>
/// How one feature was distributed in the training data: for a numeric feature the inner bin edges (training deciles,
/// ties merged) and the share of rows in each bin; for a categorical one the categories and their shares, with one
/// last bin for categories training never saw.
/// </summary>
public sealed record FeatureProfile(string Name, string Kind, double[]? Edges, string[]? Categories, double[] Expected)
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";
    public const int Bins = 10;

    public int BinCount => Expected.Length;

    public int BinOf(double value)
    {
        var edges = Edges!;
        var i = 0;
        while (i < edges.Length && value >= edges[i]) i++;
        return i;
    }

    public int BinOf(string value)
    {
        var index = Array.IndexOf(Categories!, value);
        return index < 0 ? Categories!.Length : index;
    }

    public static FeatureProfile OfNumbers(string name, IEnumerable<float> values)
    {
        var sorted = values.Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();
        var edges = new List<double>();
        for (var q = 1; q < Bins && sorted.Length > 0; q++)
        {
            var edge = sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length / (double)Bins))];
            if (edges.Count == 0 || edge > edges[^1]) edges.Add(edge);
        }
        var profile = new FeatureProfile(name, Numeric, edges.ToArray(), null, []);
        var counts = new long[edges.Count + 1];
        foreach (var value in sorted) counts[profile.BinOf(value)]++;
        return profile with { Expected = Psi.Shares(counts) };
    }

    public static FeatureProfile OfCategories(string name, IEnumerable<string> values)
    {
        var groups = values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var counts = groups.Select(g => (long)g.Count()).Append(0).ToArray();
        return new FeatureProfile(name, Categorical, null, groups.Select(g => g.Key).ToArray(), Psi.Shares(counts));
    }
}
