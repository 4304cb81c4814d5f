using DsApp.ModelWorker.Monitoring;

namespace DsApp.Tests.Unit.ModelWorker.Monitoring;

public sealed class PsiTests
{
    [Fact]
    public void Identical_distributions_have_a_psi_of_zero()
    {
        Assert.Equal(0, Psi.Compute([0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]), 12);
    }

    [Fact]
    public void A_half_half_split_moving_to_ninety_ten_is_0_879()
    {
        // (0.9 − 0.5)·ln(0.9/0.5) + (0.1 − 0.5)·ln(0.1/0.5) = 0.4·0.587787 + (−0.4)·(−1.609438) = 0.235115 + 0.643775 = 0.878890
        Assert.Equal(0.878890, Psi.Compute([0.5, 0.5], [0.9, 0.1]), 5);
    }

    [Fact]
    public void Psi_is_symmetric_in_its_two_distributions()
    {
        // Each term (a − e)·ln(a/e) keeps its value when a and e swap.
        Assert.Equal(Psi.Compute([0.5, 0.5], [0.9, 0.1]), Psi.Compute([0.9, 0.1], [0.5, 0.5]), 12);
    }

    [Fact]
    public void An_empty_bin_counts_as_epsilon_so_the_psi_is_large_but_finite()
    {
        // actual [1, 0] → [1, 1e-4]: (1 − 0.5)·ln(1/0.5) + (1e-4 − 0.5)·ln(1e-4/0.5)
        //   = 0.5·0.693147 + (−0.4999)·(−8.517193) = 0.346574 + 4.257745 = 4.604319
        var psi = Psi.Compute([0.5, 0.5], [1.0, 0.0]);
        Assert.True(double.IsFinite(psi));
        Assert.Equal(4.604319, psi, 5);
    }

    [Fact]
    public void Bins_of_different_counts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Psi.Compute([0.5, 0.5], [1.0]));
    }

    [Fact]
    public void A_numeric_profile_cuts_at_the_training_deciles_with_a_tenth_in_each_bin()
    {
        // 1..100: the q-th decile edge is the value at index 10q, i.e. 11, 21, …, 91; each bin holds 10 values.
        var profile = FeatureProfile.OfNumbers("x", Enumerable.Range(1, 100).Select(i => (float)i));
        Assert.Equal([11, 21, 31, 41, 51, 61, 71, 81, 91], profile.Edges!);
        Assert.All(profile.Expected, share => Assert.Equal(0.1, share, 12));
        Assert.Equal(0, profile.BinOf(-1000));
        Assert.Equal(9, profile.BinOf(1000));
    }

    [Fact]
    public void Tied_training_values_merge_their_bins()
    {
        // 90 zeros and 10 tens: every decile edge but the last is 0, so there are two bins, [<10) with 0.9 and [≥10) with 0.1.
        var profile = FeatureProfile.OfNumbers("x", Enumerable.Repeat(0f, 90).Concat(Enumerable.Repeat(10f, 10)));
        Assert.Equal([0, 10], profile.Edges!);
        Assert.Equal([0, 0.9, 0.1], profile.Expected);
    }

    [Fact]
    public void A_categorical_profile_keeps_a_last_bin_for_categories_training_never_saw()
    {
        var profile = FeatureProfile.OfCategories("city", ["b", "a", "a", "a"]);
        Assert.Equal(["a", "b"], profile.Categories!);
        Assert.Equal([0.75, 0.25, 0], profile.Expected);
        Assert.Equal(2, profile.BinOf("zürich"));
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("7d", 7 * 86400)]
    public void A_window_is_a_count_of_minutes_hours_or_days(string text, int seconds)
    {
        Assert.True(MonitoringApi.TryParseWindow(text, out var window));
        Assert.Equal(TimeSpan.FromSeconds(seconds), window);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("0h")]
    [InlineData("-3h")]
    [InlineData("24")]
    [InlineData("1w")]
    [InlineData("400d")]
    public void A_window_that_is_not_a_positive_span_is_refused(string text)
    {
        Assert.False(MonitoringApi.TryParseWindow(text, out _));
    }
}
