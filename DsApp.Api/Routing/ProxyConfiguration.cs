using Yarp.ReverseProxy.Configuration;

namespace DsApp.Api.Routing;

/// <summary>Builds YARP's routes and clusters from <see cref="BackendServices"/>, so the table in the contract lives in one place.</summary>
public static class ProxyConfiguration
{
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build()
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
        routes.Add(new RouteConfig
        {
            RouteId = $"{BackendServices.Ingest}-uploads",
            ClusterId = BackendServices.Ingest,
            Order = -1,
            Match = new RouteMatch { Path = "/api/datasets/{**rest}", Methods = [HttpMethods.Post, HttpMethods.Put] },
            MaxRequestBodySize = -1,
        });
        var clusters = BackendServices.PathsByService.Keys
            .Select(service => new ClusterConfig
            {
                ClusterId = service,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [service] = new() { Address = BackendServices.AddressOf(service) },
                },
            })
            .ToList();
        return (routes, clusters);
    }
}
