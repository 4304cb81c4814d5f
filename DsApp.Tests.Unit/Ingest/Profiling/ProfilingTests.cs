using DsApp.Ingest.Profiling;

namespace DsApp.Tests.Unit.Ingest.Profiling;

public sealed class ProfilingTests
{
    [Fact]
    public void A_column_of_few_distinct_values_costs_a_few_hundred_bytes_not_a_16_KiB_sketch()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var profile = new ColumnProfile("c");
        for (var i = 0; i < 100; i++) profile.Observe(i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"a column of 3 distinct values allocated {allocated} bytes");
        Assert.Equal(3, profile.ToColumn().Distinct);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(5_000)]
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

public sealed class FastPathTests
{
    [Fact]
    public void Decimal_numbers_read_by_the_fast_path_equal_the_general_parser_bit_for_bit()
    {
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 16);
            var mantissa = (long)(random.NextDouble() * Math.Pow(10, digits));
            var scale = random.Next(0, digits + 1);
            var text = mantissa.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
            if (scale > 0) text = text[..^scale] + "." + text[^scale..];
            if (random.Next(2) == 0) text = "-" + text;
            Assert.True(FastNumber.TryParse(text, out var fast), text);
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), fast);
        }
    }

    [Theory]
    [InlineData("1e3", true)]
    [InlineData("1234567890123456789", true)]
    [InlineData(".5", true)]
    [InlineData("1.", true)]
    [InlineData("", false)]
    [InlineData("-", false)]
    [InlineData("1.2.3", false)]
    [InlineData("12a", false)]
    [InlineData("Infinity", false)]
    public void Numbers_outside_the_fast_path_are_read_by_the_general_parser_and_non_numbers_refused(string text, bool isNumber)
    {
        Assert.Equal(isNumber, FastNumber.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("2024-13-01", false)]
    [InlineData("2024-01-01T24:00", false)]
    [InlineData("2024-01-01T23:59:59.1234567Z", true)]
    [InlineData("2024-01-01T23:59:59.12345678Z", false)]
    [InlineData("2024-01-01 10:00:00+05:30", true)]
    [InlineData("2024-01-01T10:00-0800", true)]
    [InlineData("2024-01-01T10", false)]
    [InlineData("2024-01-01Z", false)]
    [InlineData("20240101", false)]
    public void Iso_datetimes_are_recognized_by_shape_and_range(string text, bool valid)
    {
        Assert.Equal(valid, IsoDatetime.IsValid(text));
        if (valid) Assert.True(DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _), "the general parser agrees");
    }
}
