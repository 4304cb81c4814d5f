using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DsApp.Platform.Redis;

public static class RedisRegistration
{
    /// <summary>
    /// Connects to the Redis the app model names <c>cache</c>, with traces and its readiness check. Redis holds only what
    /// can be rebuilt, and every replica shares it: taking replicas out of the load balancer while it is away would save
    /// nothing and stop what still works (datasets, predictions). So its check fails as Degraded, and <c>/health</c>
    /// stays 200; what needs Redis answers 503 on its own.
    /// </summary>
    public static TBuilder AddRedisCache<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient("cache", settings => settings.DisableHealthChecks = true);
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, HealthStatus.Degraded);
        return builder;
    }
}
