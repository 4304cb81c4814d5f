using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace DsApp.Platform.Redis;

/// <summary>
/// Redis answers a PING. While the client is disconnected the check fails at once (a PING would wait for the
/// reconnection), with the status its registration gives: what Redis is to the service.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected) return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected.");
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer.", error);
        }
    }
}
