using System.Threading.RateLimiting;
using DsApp.Api.RateLimiting;

namespace DsApp.Tests.Unit.Api.RateLimiting;

/// <summary>The buckets fill by the time gone by when asked, and only full, idle ones are dropped.</summary>
public sealed class KeyedTokenBucketsTests
{
    private static KeyedTokenBuckets<string> Buckets(int perSecond, int burst, TimeSpan idleLimit) => new(_ => new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0, AutoReplenishment = false,
    }, idleLimit);

    [Fact]
    public async Task A_drained_bucket_is_full_again_the_moment_its_time_has_passed_with_no_timer_to_wait_for()
    {
        using var buckets = Buckets(perSecond: 20, burst: 3, idleLimit: TimeSpan.FromMinutes(1));
        var drained = 0;
        while (Take(buckets, "a")) drained++;
        Assert.Equal(3, drained);

        await Task.Delay(TimeSpan.FromMilliseconds(200)); // 20 a second: 3 permits take 150 ms
        var granted = 0;
        while (Take(buckets, "a")) granted++;
        Assert.Equal(3, granted);
    }

    [Fact]
    public async Task Full_idle_buckets_are_dropped_and_a_drained_one_is_kept_with_its_debt()
    {
        // "idle" refills in milliseconds; "drained" would need a minute for one permit, so a slow machine changes nothing.
        using var buckets = new KeyedTokenBuckets<string>(key => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2, TokensPerPeriod = key == "idle" ? 1000 : 1,
            ReplenishmentPeriod = key == "idle" ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1),
            QueueLimit = 0, AutoReplenishment = false,
        }, idleLimit: TimeSpan.FromMilliseconds(100));
        Assert.True(Take(buckets, "idle"));
        while (Take(buckets, "drained")) { }
        Assert.Equal(2, buckets.Count);

        await Task.Delay(TimeSpan.FromMilliseconds(50));
        buckets.DropIdle(); // "idle" is found full: idle from now
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        buckets.DropIdle(); // and full for longer than the limit

        Assert.Equal(1, buckets.Count);
        Assert.False(Take(buckets, "drained")); // kept: no fresh burst for having waited
    }

    private static bool Take(KeyedTokenBuckets<string> buckets, string key)
    {
        using var lease = buckets.Acquire(key);
        return lease.IsAcquired;
    }
}
