using DsApp.Api.RateLimiting;
using DsApp.Api.Telemetry;

namespace DsApp.Api.Security;

public static class GatewaySecurityExtensions
{
    public static IHostApplicationBuilder AddGatewaySecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BodyLimitOptions>().BindConfiguration(BodyLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClientRateLimiter>();
        builder.Services.AddSingleton<GatewayMetrics>();
        return builder;
    }

    /// <summary>Keys, roles, rate limits and body limits, in front of everything but the probes.</summary>
    public static WebApplication UseGatewayAccess(this WebApplication app)
    {
        app.UseMiddleware<GatewayAccessMiddleware>();
        return app;
    }
}
