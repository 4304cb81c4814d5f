using System.Diagnostics;
using System.Net;
using DsApp.Api.RateLimiting;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Unit.Api.RateLimiting;

/// <summary>The gateway's buckets (one per key or client address) give each client its rate.</summary>
public sealed class ClientRateLimiterTests
{
    internal static ClientRateLimiter Limiter(int perSecond, int burst) => new(Options.Create(new RateLimitOptions
    {
        AnonymousPermitsPerSecond = perSecond, AnonymousBurst = burst,
    }));

    [Fact]
    public async Task A_drained_bucket_fills_again_at_its_rate()
    {
        using var limiter = Limiter(perSecond: 100, burst: 10);
        var client = IPAddress.Parse("192.0.2.1");
        while (Take(limiter, client)) { }

        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var granted = 0;
        while (Take(limiter, client)) granted++;

        // 100 a second for 0.6 s, capped by the burst of 10: the bucket is full again, and not more than full.
        Assert.True(granted == 10, $"{granted} permits after {clock.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(10, 150)] // ten a second, asked every 150 ms
    [InlineData(2, 700)]  // two a second, asked every 700 ms: refilled across several heartbeats
    public async Task A_client_asking_below_its_rate_is_never_refused(int perSecond, int everyMilliseconds)
    {
        using var limiter = Limiter(perSecond, burst: 2);
        var client = IPAddress.Parse("192.0.2.2");
        while (Take(limiter, client)) { }
        await Task.Delay(TimeSpan.FromSeconds(2.0 / perSecond + 0.3)); // full again: the burst at the rate, and a heartbeat

        var refused = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (!Take(limiter, client)) refused.Add(clock.ElapsedMilliseconds);
            await Task.Delay(everyMilliseconds);
        }
        Assert.True(refused.Count == 0, $"refused at {string.Join(", ", refused)} ms");
    }

    private static bool Take(ClientRateLimiter limiter, IPAddress client)
    {
        using var lease = limiter.Acquire(null, client);
        return lease.IsAcquired;
    }
}
