using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.Api.Info;

/// <summary>The gateway is ready only when every service it routes to is.</summary>
public sealed class BackendServicesHealthCheck(ServiceStatusProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await probe.ProbeAllAsync(cancellationToken);
        var notReady = statuses.Where(s => s.Status != ServiceStatus.Healthy).Select(s => $"{s.Name} is {s.Status}").ToList();
        return notReady.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("; ", notReady));
    }
}
