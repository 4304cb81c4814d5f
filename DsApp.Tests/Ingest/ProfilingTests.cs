using DsApp.Ingest.Profiling;

namespace DsApp.Tests.Ingest;

public sealed class ProfilingTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(200_000)]
    public void Distinct_counts_are_estimated_within_two_percent(int distinct)
    {
        var profile = new ColumnProfile("c");
        for (var repeat = 0; repeat < 2; repeat++)
            for (var i = 0; i < distinct; i++) profile.Observe($"value-{i}");
        var estimate = profile.ToColumn().Distinct!.Value;
        Assert.InRange(estimate, distinct * 0.98, distinct * 1.02);
    }

    [Theory]
    [InlineData("integer", "1", "-2", "30")]
    [InlineData("number", "1", "2.5", "-3e2")]
    [InlineData("boolean", "true", "False", "TRUE")]
    [InlineData("datetime", "2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01 10:00:00.5+02:00")]
    [InlineData("string", "1", "x", "2")]
    [InlineData("string", "2024-13-45", "2024-01-01", "2024-01-02")]
    [InlineData("string", "NaN", "1", "2")]
    public void A_column_takes_the_narrowest_type_every_value_fits(string type, params string[] values)
    {
        var profile = new ColumnProfile("c");
        foreach (var value in values) profile.Observe(value);
        Assert.Equal(type, profile.ToColumn().Type);
    }
}
