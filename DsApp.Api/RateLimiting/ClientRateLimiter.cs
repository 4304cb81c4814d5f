using System.Net;
using System.Threading.RateLimiting;
using DsApp.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace DsApp.Api.RateLimiting;

/// <summary>
/// One token bucket per key (the <see cref="ApiKeyIdentity"/> is the key), or per client address for calls without a
/// valid key; and, apart, one per client address for the probes. A permit is a dictionary look-up and the bucket's lock,
/// no allocation.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private static readonly IPAddress UnknownAddress = IPAddress.None;

    private readonly KeyedTokenBuckets<object> _clients;
    private readonly KeyedTokenBuckets<IPAddress> _probes;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        Enabled = o.Enabled;
        var keyBucket = Bucket(o.KeyPermitsPerSecond, o.KeyBurst);
        var anonymousBucket = Bucket(o.AnonymousPermitsPerSecond, o.AnonymousBurst);
        _clients = new KeyedTokenBuckets<object>(subject => subject is ApiKeyIdentity ? keyBucket : anonymousBucket);
        var probeBucket = Bucket(o.ProbePermitsPerSecond, o.ProbeBurst);
        _probes = new KeyedTokenBuckets<IPAddress>(_ => probeBucket);
    }

    public bool Enabled { get; }

    /// <summary>Takes a permit for the key, or for the address when there is no key; the lease says when to come back if refused.</summary>
    public RateLimitLease Acquire(ApiKeyIdentity? identity, IPAddress? address) =>
        _clients.Acquire(identity ?? (object)(address ?? UnknownAddress));

    /// <summary>Takes a permit for a probe (<c>/health</c>, <c>/alive</c>) from the address, whatever key it presents.</summary>
    public RateLimitLease AcquireProbe(IPAddress? address) => _probes.Acquire(address ?? UnknownAddress);

    // Not auto-replenished: each bucket is refilled at perSecond by the time gone by when asked (KeyedTokenBuckets).
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
        _clients.Dispose();
        _probes.Dispose();
    }
}
