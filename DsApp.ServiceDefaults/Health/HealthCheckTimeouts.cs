using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.ServiceDefaults.Health;

/// <summary>
/// A check that has not answered within its timeout (<see cref="Default"/> unless registered with one) counts as
/// failed ("A timeout occurred while running check."): a dependency that hangs must not hold <c>/health</c> past
/// the load balancer's own timeout (Elastic Beanstalk's is 5 s). Redis' PING, for one, waits 5 s for a connection
/// that will not come, and ignores the check's token.
/// </summary>
public static class HealthCheckTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(2);

    /// <summary>Bounds every check registered, now or later, by its timeout.</summary>
    public static IServiceCollection BoundEveryHealthCheck(this IServiceCollection services) =>
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                if (registration.Timeout == Timeout.InfiniteTimeSpan) registration.Timeout = Default;
                var factory = registration.Factory;
                registration.Factory = provider => new StopsWaitingWhenCancelled(factory(provider));
            }
        });

    /// <summary>
    /// The health check service only cancels the token at the timeout; a check that does not observe it would
    /// still be awaited to its end.
    /// </summary>
    private sealed class StopsWaitingWhenCancelled(IHealthCheck check) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            check.CheckHealthAsync(context, cancellationToken).WaitAsync(cancellationToken);
    }
}
