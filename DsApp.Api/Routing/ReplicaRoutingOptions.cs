using System.ComponentModel.DataAnnotations;

namespace DsApp.Api.Routing;

/// <summary>
/// <c>Gateway:Routing</c>: how the gateway spreads a service's requests over its replicas (every address service
/// discovery lists for it) and steps around a replica that fails.
/// </summary>
public sealed class ReplicaRoutingOptions
{
    public const string Section = "Gateway:Routing";

    /// <summary>
    /// How long a replica may take to accept a connection. Past it the request goes to another replica, or is
    /// answered 503: a host that vanished without refusing connections must not hold requests until the forward times out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")] public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each replica's <c>/alive</c> is asked; two failed probes in a row take it out of rotation until one succeeds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The window over which forwarded requests that failed are counted (30 % of at least 10 takes a replica out of
    /// rotation), and how long such a replica then stays out before it is tried again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A probe of <c>/alive</c> answers at once from a live process; one that cannot connect is already a failure.</summary>
    public TimeSpan HealthCheckTimeout => ConnectTimeout + TimeSpan.FromSeconds(1);
}
