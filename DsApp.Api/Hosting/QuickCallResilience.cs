using Microsoft.Extensions.Http.Resilience;

namespace DsApp.Api.Hosting;

public static class QuickCallResilience
{
    /// <summary>
    /// The gateway's own calls to the services (health probes, OpenAPI documents) must answer fast when a
    /// service is down: one retry, short timeouts, a circuit breaker sampling at least twice the attempt timeout.
    /// </summary>
    public static IServiceCollection AddQuickHttpClient<TClient>(this IServiceCollection services, string name, TimeSpan attemptTimeout)
        where TClient : class
    {
        services.AddHttpClient<TClient>(name);
        services.Configure<HttpStandardResilienceOptions>($"{name}-standard", options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.AttemptTimeout.Timeout = attemptTimeout;
            options.TotalRequestTimeout.Timeout = attemptTimeout * 1.5 + TimeSpan.FromMilliseconds(100) * 2;
            options.CircuitBreaker.SamplingDuration = attemptTimeout * 2.5;
        });
        return services;
    }
}
