using System.ComponentModel.DataAnnotations;

namespace DsApp.Api.RateLimiting;

/// <summary>
/// <c>Gateway:RateLimits</c>: a token bucket per key, one per client address for calls without a valid key, and one per
/// client address for the probes (<c>/health</c>, <c>/alive</c>), apart, so a client over its limit still sees health.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Off only on purpose (e.g. a benchmark of the bare proxy).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 10_000_000)] public int KeyPermitsPerSecond { get; set; } = 100;
    [Range(1, 10_000_000)] public int KeyBurst { get; set; } = 200;
    [Range(1, 10_000_000)] public int AnonymousPermitsPerSecond { get; set; } = 20;
    [Range(1, 10_000_000)] public int AnonymousBurst { get; set; } = 40;

    /// <summary>Well above what a load balancer sends from one address (one probe every few seconds per target).</summary>
    [Range(1, 10_000_000)] public int ProbePermitsPerSecond { get; set; } = 10;
    [Range(1, 10_000_000)] public int ProbeBurst { get; set; } = 20;
}
