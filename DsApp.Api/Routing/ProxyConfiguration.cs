using DsApp.Api.Endpoints;
using DsApp.ServiceDefaults.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace DsApp.Api.Routing;

/// <summary>Builds YARP's routes and clusters from <see cref="EndpointTable"/>, so the table in the contract lives in one place.</summary>
public static class ProxyConfiguration
{
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(ReplicaRoutingOptions routing)
    {
        var routes = BackendServices.PathsByService
            .SelectMany(service => service.Value.Select(path => new RouteConfig
            {
                RouteId = $"{service.Key}{path.Replace('/', '-')}",
                ClusterId = service.Key,
                // A catch-all is optional, so this matches the path itself and everything below it.
                Match = new RouteMatch { Path = path + "/{**rest}" },
            }))
            .ToList();
        // Dataset uploads stream through (up to gigabytes): the ingest service counts the body against its own
        // configurable limit (Ingest:MaxUploadBytes) and answers 413 past it. Only the uploads: a dataset's merge-patch
        // keeps the gateway's limit for other bodies, which a route-wide unlimited size would lift.
        routes.AddRange(EndpointTable.Rules
            .Where(rule => rule.Owner == BackendServices.Ingest && rule.BodyClass == BodyClass.Upload)
            .Select(rule => new RouteConfig
            {
                RouteId = $"{rule.Owner}-upload-{rule.Method.ToLowerInvariant()}{rule.Template.Replace('/', '-').Replace("{", "").Replace("}", "")}",
                ClusterId = rule.Owner,
                Order = -1,
                Match = new RouteMatch { Path = rule.Template, Methods = [rule.Method] },
                MaxRequestBodySize = -1,
            }));
        var clusters = BackendServices.PathsByService.Keys
            .Select(service => new ClusterConfig
            {
                ClusterId = service,
                // One address that service discovery turns into one destination per replica.
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [service] = new() { Address = BackendServices.AddressOf(service) },
                },
                LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
                HealthCheck = ReplicaHealth(routing),
            })
            .ToList();
        return (routes, clusters);
    }

    /// <summary>
    /// A replica leaves the rotation when its <c>/alive</c> fails twice in a row (active) or when too many of the requests
    /// forwarded to it fail (passive), and comes back when a probe succeeds or after the reactivation period. Liveness,
    /// not readiness: a replica whose Redis or store is away still answers what it can, and says so itself. When every
    /// replica looks down, all of them are tried rather than none (a service that just came back answers at once).
    /// </summary>
    private static HealthCheckConfig ReplicaHealth(ReplicaRoutingOptions routing) => new()
    {
        AvailableDestinationsPolicy = "HealthyOrPanic",
        Active = new ActiveHealthCheckConfig
        {
            Enabled = true,
            Interval = routing.HealthCheckInterval,
            Timeout = routing.HealthCheckTimeout,
            Policy = "ConsecutiveFailures",
            Path = Microsoft.Extensions.Hosting.Extensions.AlivePath,
        },
        Passive = new PassiveHealthCheckConfig
        {
            Enabled = true,
            Policy = "TransportFailureRate",
            ReactivationPeriod = routing.ReactivationPeriod,
        },
    };
}
