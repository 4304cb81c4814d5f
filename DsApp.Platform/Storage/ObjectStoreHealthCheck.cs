using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.Platform.Storage;

/// <summary>Ready only while the store answers a listing (for S3: the bucket exists and the keys work).</summary>
public sealed class ObjectStoreHealthCheck(IObjectStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in store.ListAsync("health/", cancellationToken: cancellationToken))
            {
                break;
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The object store does not answer.", e);
        }
    }
}
