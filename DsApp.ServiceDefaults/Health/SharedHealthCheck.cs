using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.ServiceDefaults.Health;

/// <summary>
/// A registered check as <c>/health</c> runs it: its result comes from <see cref="HealthResultCache"/>, and the check
/// itself is made and run only when no fresh result is kept, in a scope of its own (the request that started it may end
/// first). A caller stops waiting when its own request is cancelled.
/// </summary>
internal sealed class SharedHealthCheck(HealthCheckRegistration registration, Func<IServiceProvider, IHealthCheck> factory, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<HealthResultCache>().GetAsync(registration.Name, registration.Timeout, async limit =>
        {
            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            return await factory(scope.ServiceProvider).CheckHealthAsync(context, limit);
        }).WaitAsync(cancellationToken);
}
