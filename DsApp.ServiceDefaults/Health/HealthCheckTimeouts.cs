using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.ServiceDefaults.Health;

/// <summary>
/// A check that has not answered within its timeout (<see cref="Default"/> unless registered with one) counts as
/// failed ("A timeout occurred while running check."): a dependency that hangs must not hold <c>/health</c> past
/// the load balancer's own timeout (Elastic Beanstalk's is 5 s). Redis' PING, for one, waits 5 s for a connection
/// that will not come, and ignores the check's token. Each check's result is also kept for a moment
/// (<see cref="HealthOptions.CacheDuration"/>), so probes, however many, do not each call the dependencies.
/// </summary>
public static class HealthCheckTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(2);

    /// <summary>Bounds every check registered, now or later, by its timeout, and shares its result between the requests of a moment.</summary>
    public static IServiceCollection BoundEveryHealthCheck(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HealthResultCache>();
        return services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                if (registration.Timeout == Timeout.InfiniteTimeSpan) registration.Timeout = Default;
                var factory = registration.Factory;
                registration.Factory = provider => new SharedHealthCheck(registration, factory, provider);
            }
        });
    }
}
