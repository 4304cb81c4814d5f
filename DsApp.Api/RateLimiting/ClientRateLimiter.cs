using System.Net;
using System.Threading.RateLimiting;
using DsApp.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace DsApp.Api.RateLimiting;

/// <summary>
/// One token bucket per key (the <see cref="ApiKeyIdentity"/> instance is the partition), or per
/// client address for calls without a valid key; and, apart, one per client address for the probes.
/// A permit is a dictionary look-up under a lock and no allocation; idle buckets are dropped by the
/// partitioned limiter.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private static readonly IPAddress UnknownAddress = IPAddress.None;

    private readonly PartitionedRateLimiter<object> _limiter;
    private readonly PartitionedRateLimiter<IPAddress> _probes;
    private readonly Func<object, RateLimiter> _createBucket;
    private readonly Func<IPAddress, RateLimiter> _createProbeBucket;
    private readonly TokenBucketRateLimiterOptions _keyBucket;
    private readonly TokenBucketRateLimiterOptions _anonymousBucket;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        Enabled = o.Enabled;
        _keyBucket = Bucket(o.KeyPermitsPerSecond, o.KeyBurst);
        _anonymousBucket = Bucket(o.AnonymousPermitsPerSecond, o.AnonymousBurst);
        _createBucket = subject => new TokenBucketRateLimiter(subject is ApiKeyIdentity ? _keyBucket : _anonymousBucket);
        _limiter = PartitionedRateLimiter.Create<object, object>(subject => new RateLimitPartition<object>(subject, _createBucket));
        var probeBucket = Bucket(o.ProbePermitsPerSecond, o.ProbeBurst);
        _createProbeBucket = _ => new TokenBucketRateLimiter(probeBucket);
        _probes = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => new RateLimitPartition<IPAddress>(address, _createProbeBucket));
    }

    public bool Enabled { get; }

    /// <summary>Takes a permit for the key, or for the address when there is no key; the lease says when to come back if refused.</summary>
    public RateLimitLease Acquire(ApiKeyIdentity? identity, IPAddress? address) =>
        _limiter.AttemptAcquire(identity ?? (object)(address ?? UnknownAddress));

    /// <summary>Takes a permit for a probe (<c>/health</c>, <c>/alive</c>) from the address, whatever key it presents.</summary>
    public RateLimitLease AcquireProbe(IPAddress? address) => _probes.AttemptAcquire(address ?? UnknownAddress);

    // No timer per bucket: the partitioned limiter's heartbeat (every 100 ms) refills each bucket by the time gone by,
    // at perSecond, so a client at its rate never waits a whole second and a thousand clients cost no thousand timers.
    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = Math.Max(burst, 1),
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = false,
    };

    public void Dispose()
    {
        _limiter.Dispose();
        _probes.Dispose();
    }
}
