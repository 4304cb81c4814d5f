using Microsoft.Extensions.Configuration;

namespace DsApp.AppHost;

public static class TelemetryConfiguration
{
    /// <summary>
    /// Hands the AppHost's <c>Telemetry</c> section to a service. <c>Telemetry:OtlpEndpoint</c>, when set,
    /// sends the service's telemetry there (OTLP over HTTP) instead of to the dashboard, exported
    /// promptly; the distributed tests use it to read what the services really export.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTelemetry(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Telemetry");
        service.WithConfigurationSection(builder.Configuration, "Telemetry", except: "OtlpEndpoint");
        if (section["OtlpEndpoint"] is { Length: > 0 } endpoint)
        {
            service.WithEnvironment(context =>
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = "200";
                // Load tests make thousands of spans a second: keep them all rather than drop past the default 2,048.
                context.EnvironmentVariables["OTEL_BSP_MAX_QUEUE_SIZE"] = "200000";
                context.EnvironmentVariables["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "8192";
                context.EnvironmentVariables["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
                context.EnvironmentVariables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_TIMEOUT"] = "60000";
            });
        }
        return service;
    }
}
