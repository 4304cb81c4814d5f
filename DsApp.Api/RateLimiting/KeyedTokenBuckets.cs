using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace DsApp.Api.RateLimiting;

/// <summary>
/// A token bucket per key, refilled by the time gone by when a permit is asked for. No heartbeat fills them: a late
/// timer (a GC pause, a starved thread pool) cannot refuse a client that kept to its rate, and an idle gateway has no
/// timer waking it ten times a second. A bucket left full for the idle limit is dropped by a rare sweep; a bucket not
/// full is kept, or a client could empty its bucket, wait out the sweep and come back to a fresh burst.
/// </summary>
public sealed class KeyedTokenBuckets<TKey> : IDisposable where TKey : notnull
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TKey, TokenBucketRateLimiter> _buckets = new();
    private readonly Func<TKey, TokenBucketRateLimiter> _create;
    private readonly TimeSpan _idleLimit;
    private readonly Timer _sweep;

    public KeyedTokenBuckets(Func<TKey, TokenBucketRateLimiterOptions> options, TimeSpan? idleLimit = null)
    {
        _idleLimit = idleLimit ?? TimeSpan.FromSeconds(10);
        _create = key => new TokenBucketRateLimiter(options(key));
        _sweep = new Timer(_ => DropIdle(), null, SweepEvery, SweepEvery);
    }

    public int Count => _buckets.Count;

    public RateLimitLease Acquire(TKey key)
    {
        var bucket = _buckets.GetOrAdd(key, _create);
        bucket.TryReplenish();
        return bucket.AttemptAcquire();
    }

    /// <summary>
    /// Drops the buckets full for longer than the idle limit. A request racing the removal takes its permit from the
    /// dropped bucket, which was full: nobody gets more than the burst. Dropped buckets need no disposing (no timer, no queue).
    /// </summary>
    public void DropIdle()
    {
        foreach (var (key, bucket) in _buckets)
        {
            bucket.TryReplenish();
            if (bucket.IdleDuration > _idleLimit) _buckets.TryRemove(KeyValuePair.Create(key, bucket));
        }
    }

    public void Dispose() => _sweep.Dispose();
}
