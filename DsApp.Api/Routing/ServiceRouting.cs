using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace DsApp.Api.Routing;

public static class ServiceRouting
{
    /// <summary>
    /// The routes and clusters of <see cref="ProxyConfiguration"/>, each service's replicas found by service discovery
    /// (<c>services:{name}:http:0</c>, <c>:1</c>, …), with the connect timeout and health checks of <see cref="ReplicaRoutingOptions"/>.
    /// </summary>
    public static IReverseProxyBuilder LoadServiceRoutes(this IReverseProxyBuilder proxy)
    {
        var services = proxy.Services;
        services.AddOptions<ReplicaRoutingOptions>().BindConfiguration(ReplicaRoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IProxyConfigProvider>(provider =>
        {
            var (routes, clusters) = ProxyConfiguration.Build(provider.GetRequiredService<IOptions<ReplicaRoutingOptions>>().Value);
            return new InMemoryConfigProvider(routes, clusters);
        });
        // After AddReverseProxy's own, so this one is the factory resolved; nothing may call ConfigureHttpClient after it.
        services.AddSingleton<IForwarderHttpClientFactory, ForwarderConnections>();
        // Failed forwards count against a replica over the reactivation period, which is also the least time it then stays out.
        services.AddOptions<TransportFailureRateHealthPolicyOptions>().Configure<IOptions<ReplicaRoutingOptions>>(
            (policy, routing) => policy.DetectionWindowSize = routing.Value.ReactivationPeriod);
        return proxy.AddServiceDiscoveryDestinationResolver();
    }
}
