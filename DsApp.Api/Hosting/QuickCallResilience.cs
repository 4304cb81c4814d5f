using Microsoft.Extensions.Http.Resilience;

namespace DsApp.Api.Hosting;

public static class QuickCallResilience
{
    /// <summary>
    /// The gateway's own calls to the services (OpenAPI documents) must answer fast when a service is down: one
    /// retry, short timeouts, a circuit breaker per service sampling at least twice the attempt timeout.
    /// The defaults' standard handler is replaced, not configured: <c>ConfigureHttpClientDefaults</c> gives every
    /// client the same options name ("-standard"), so options named after this client would never apply.
    /// </summary>
    public static IServiceCollection AddQuickHttpClient<TClient>(this IServiceCollection services, string name, TimeSpan attemptTimeout)
        where TClient : class =>
        services.AddHttpClient<TClient>(name)
            .WithoutDefaultResilience()
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(100);
                options.AttemptTimeout.Timeout = attemptTimeout;
                options.TotalRequestTimeout.Timeout = attemptTimeout * 2 + options.Retry.Delay * 2;
                options.CircuitBreaker.SamplingDuration = attemptTimeout * 2.5;
            })
            .SelectPipelineByAuthority()
            .Services;

    /// <summary>
    /// Removes the standard handler every client gets from the defaults. The API is marked experimental
    /// (EXTEXP0001) but approved (dotnet/extensions#5695) and the only way to replace that handler per client.
    /// </summary>
    public static IHttpClientBuilder WithoutDefaultResilience(this IHttpClientBuilder client)
    {
#pragma warning disable EXTEXP0001
        return client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
