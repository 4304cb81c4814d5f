using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Health;

/// <summary>The endpoints a load balancer polls, which every service and the gateway leave open.</summary>
public static class Probes
{
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.HealthPath) || path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.AlivePath);
}
