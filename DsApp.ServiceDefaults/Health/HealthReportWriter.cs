using DsApp.ServiceDefaults.Identity;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.ServiceDefaults.Health;

/// <summary>Writes a health report as JSON with the service's name and version, which the gateway's <c>/info</c> reads.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var identity = context.RequestServices.GetRequiredService<ServiceIdentity>();
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthAnswer(
            identity.Name,
            identity.Version,
            report.Status.ToString().ToLowerInvariant(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description)));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthAnswer, context.RequestAborted);
    }
}
