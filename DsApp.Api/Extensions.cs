using DsApp.Api.Hosting;
using DsApp.Api.Info;
using DsApp.Api.OpenApi;
using DsApp.Api.Routing;
using DsApp.Api.Security;
using DsApp.Api.Telemetry;
using DsApp.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace DsApp.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        var (routes, clusters) = ProxyConfiguration.Build();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddServiceDiscoveryDestinationResolver()
            .PropagateServerSpan()
            .AddTransforms(transforms =>
            {
                // The key stays at the door; the service learns the call came through the gateway.
                transforms.AddRequestHeaderRemove(PresentedKey.HeaderName);
                transforms.AddRequestHeaderRemove("Authorization");
                var secret = transforms.Services.GetRequiredService<IOptions<GatewaySecurityOptions>>().Value.InternalSecret;
                if (!string.IsNullOrEmpty(secret)) transforms.AddRequestHeader(InternalCall.Header, secret, append: false);
                else transforms.AddRequestHeaderRemove(InternalCall.Header);
            });

        builder.Services.AddQuickHttpClient<ServiceStatusProbe>(ServiceStatusProbe.ClientName, TimeSpan.FromSeconds(2));
        builder.Services.AddHealthChecks().AddCheck<BackendServicesHealthCheck>("services", tags: ["ready"]);

        builder.AddGatewayEdge();
        builder.AddGatewaySecurity();
        builder.AddGatewayOpenApi();
        return builder;
    }
}
