using DsApp.Api.OpenApi;
using Scalar.AspNetCore;

namespace DsApp.Api.Docs;

/// <summary>
/// The API reference at <c>/</c>: Scalar over <c>/openapi/v1.json</c>, its script served from the
/// package itself. Nothing is fetched from elsewhere: no CDN fonts, no telemetry, no agent.
/// </summary>
public static class ReferencePage
{
    public static IEndpointRouteBuilder MapReferencePage(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/", options => options
            .WithTitle(Info.InfoApi.Title)
            .WithOpenApiRoutePattern(GatewayOpenApiExtensions.DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .ExpandAllTags()
            .AddPreferredSecuritySchemes(["ApiKey"]));
        return app;
    }
}
