using System.Net;

namespace DsApp.Tests.Unit.Api.RateLimiting;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimerCountingCollection
{
    public const string Name = "Counts the process's timers";
}

/// <summary>
/// The buckets are refilled by the partitioned limiter's one heartbeat, not by a timer each. Counting the process's
/// timers needs the process to itself, so this runs alone.
/// </summary>
[Collection(TimerCountingCollection.Name)]
public sealed class RateLimiterTimerTests
{
    [Fact]
    public void A_thousand_clients_add_no_timer_of_their_own()
    {
        using var limiter = ClientRateLimiterTests.Limiter(perSecond: 20, burst: 40);
        var before = Timer.ActiveCount;

        for (var i = 0; i < 1000; i++)
            using (limiter.Acquire(null, new IPAddress([10, 0, (byte)(i / 256), (byte)(i % 256)]))) { }

        // A timer per bucket would wake the gateway ten times a second per client it has seen in the last seconds.
        Assert.True(Timer.ActiveCount - before < 50, $"{Timer.ActiveCount - before} timers more after 1,000 clients");
    }
}
