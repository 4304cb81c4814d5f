using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.Api.Info;

/// <summary>
/// The gateway is ready only when every service it routes to is; degraded (still ready) when one of them is, so a
/// load balancer keeps it while a shared dependency that only helps (Redis) is away.
/// </summary>
public sealed class BackendServicesHealthCheck(ServiceStatusProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await probe.ProbeAllAsync(cancellationToken);
        var notHealthy = string.Join("; ", statuses.Where(s => s.Status != ServiceStatus.Healthy).Select(s => $"{s.Name} is {s.Status}"));
        if (statuses.Any(s => s.Status is ServiceStatus.Unhealthy or ServiceStatus.Down)) return HealthCheckResult.Unhealthy(notHealthy);
        return notHealthy.Length > 0 ? HealthCheckResult.Degraded(notHealthy) : HealthCheckResult.Healthy();
    }
}
