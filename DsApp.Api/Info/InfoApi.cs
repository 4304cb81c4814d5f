using System.Runtime.InteropServices;
using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Identity;
using DsApp.ServiceDefaults.OpenApi;

namespace DsApp.Api.Info;

public static class InfoApi
{
    public const string Title = "Data Science API";

    public static IEndpointRouteBuilder MapInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/info", GetInfo).WithTag("Gateway", "The platform itself: its reference page, this document, /info, health.").WithName("GetInfo").WithSummary("The platform, its version and the status of every service.");
        return app;
    }

    private static async Task<GatewayInfo> GetInfo(ServiceStatusProbe probe, ServiceIdentity identity, IHostEnvironment environment, CancellationToken cancellationToken) => new(
        Platform: $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.RuntimeIdentifier}",
        Title: Title,
        Version: identity.Version,
        DocsUrl: "/",
        Environment: environment.EnvironmentName,
        Services: await probe.ProbeAllAsync(cancellationToken));
}
