using DsApp.Api.OpenApi;
using Scalar.AspNetCore;

namespace DsApp.Api.Docs;

/// <summary>
/// The API reference at <c>/</c>: Scalar over <c>/openapi/v1.json</c>, its script served from the
/// package itself. Nothing is fetched from elsewhere: no CDN fonts, no telemetry, no agent.
/// </summary>
public static class ReferencePage
{
    /// <summary>Inline, so the browser asks the gateway for no /favicon.ico.</summary>
    private const string Favicon = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23334155'/%3E%3Ctext x='8' y='12' font-size='10' text-anchor='middle' fill='white' font-family='sans-serif'%3ED%3C/text%3E%3C/svg%3E";

    public static IEndpointRouteBuilder MapReferencePage(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/", options => options
            .WithTitle(Info.InfoApi.Title)
            .WithFavicon(Favicon)
            .WithOpenApiRoutePattern(GatewayOpenApiExtensions.DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .ExpandAllTags()
            .AddPreferredSecuritySchemes(["ApiKey"]));
        return app;
    }
}
