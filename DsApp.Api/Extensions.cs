using DsApp.Api.Info;
using DsApp.Api.Routing;
using Microsoft.Extensions.Http.Resilience;

namespace DsApp.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        var (routes, clusters) = ProxyConfiguration.Build();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddServiceDiscoveryDestinationResolver();

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
        return builder;
    }
}
