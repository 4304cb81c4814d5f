using DsApp.Api.Hosting;
using DsApp.Api.Info;
using DsApp.Api.OpenApi;
using DsApp.Api.Routing;
using DsApp.Api.Security;
using DsApp.ServiceDefaults.Security;
using Microsoft.Extensions.Http.Resilience;
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
            .AddTransforms(transforms =>
            {
                // The key stays at the door; the service learns the call came through the gateway.
                transforms.AddRequestHeaderRemove(PresentedKey.HeaderName);
                transforms.AddRequestHeaderRemove("Authorization");
                var secret = transforms.Services.GetRequiredService<IOptions<GatewaySecurityOptions>>().Value.InternalSecret;
                if (!string.IsNullOrEmpty(secret)) transforms.AddRequestHeader(InternalCall.Header, secret, append: false);
                else transforms.AddRequestHeaderRemove(InternalCall.Header);
            });

        // Health probes must answer fast when a service is down: one short try, no retries.
        builder.Services.AddHttpClient<ServiceStatusProbe>(ServiceStatusProbe.ClientName);
        builder.Services.Configure<HttpStandardResilienceOptions>($"{ServiceStatusProbe.ClientName}-standard", options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(3);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddHealthChecks().AddCheck<BackendServicesHealthCheck>("services", tags: ["ready"]);

        builder.AddGatewayEdge();
        builder.AddGatewaySecurity();
        builder.AddGatewayOpenApi();
        return builder;
    }
}
