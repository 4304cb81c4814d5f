namespace DsApp.ModelWorker.Monitoring;

/// <summary>The population stability index: Σ (actual − expected) · ln(actual / expected) over the bins.</summary>
public static class Psi
{
    /// <summary>An empty bin counts as this share, so one empty bin gives a large but finite term instead of ∞.</summary>
    public const double Epsilon = 1e-4;

    public static double Compute(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count) throw new ArgumentException("Both distributions need the same bins.", nameof(actual));
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Epsilon);
            var a = Math.Max(actual[i], Epsilon);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Counts as shares of their total (all zero when the total is zero).</summary>
    public static double[] Shares(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        return counts.Select(c => total == 0 ? 0.0 : (double)c / total).ToArray();
    }
}
