namespace DsApp.Api.Info;

/// <summary>
/// One service as <c>/info</c> lists it. Status: <c>healthy</c>, <c>degraded</c> (ready, with a dependency that only
/// helps away, such as Redis), <c>unhealthy</c> (it answers but is not ready) or <c>down</c>.
/// </summary>
public sealed record ServiceStatus(string Name, string? Version, string Status)
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";
    public const string Down = "down";
}
