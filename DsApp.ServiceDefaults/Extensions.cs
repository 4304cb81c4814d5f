using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Identity;
using DsApp.ServiceDefaults.Health;
using DsApp.ServiceDefaults.Problems;
using DsApp.ServiceDefaults.Requests;
using DsApp.ServiceDefaults.Telemetry;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every DsApp service shares: telemetry, health, service discovery, resilience and problem details.</summary>
public static class Extensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(ServiceIdentity.Of(Assembly.GetEntryAssembly() ?? typeof(Extensions).Assembly, builder.Configuration["OTEL_SERVICE_NAME"]));
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.BoundEveryHealthCheck();
        builder.Services.AddServiceDiscovery();
        builder.AddGatewaySecurity();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            // Before service discovery, which replaces the service's name with its address.
            http.AddHttpMessageHandler<InternalCallHandler>();
            http.AddServiceDiscovery();
        });
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemConventions.Apply);
        builder.AddRequestHandling();
        return builder;
    }

    /// <summary>The keys (<c>Gateway:ApiKeys</c>) and internal secret, validated at start; read by the gateway and by the services behind it.</summary>
    private static void AddGatewaySecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewaySecurityOptions>().BindConfiguration(GatewaySecurityOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewaySecurityOptions>, GatewaySecurityOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddTransient<InternalCallHandler>();
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var source = builder.Environment.ApplicationName;
        builder.Services.AddSingleton(services => new ServiceTelemetry(source, services.GetRequiredService<IMeterFactory>()));
        // Read while the host is built: it decides which providers and exporters are added at all.
        var options = builder.AddOptionsReadNow<TelemetryOptions>(TelemetryOptions.Section, telemetry => telemetry.ValidateDataAnnotations());
        if (!options.Enabled) return;

        // Each exporter reads OTEL_EXPORTER_OTLP_* (endpoint, protocol, headers, timeout) and OTEL_BSP_*/OTEL_BLRP_*/OTEL_METRIC_*.
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (exportOtlp) logging.AddOtlpExporter(UseOwnHttpClient);
        });
        var telemetry = builder.Services.AddOpenTelemetry();
        if (options.Metrics)
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddStandardMetrics(options).AddMeter(source);
                if (options.Prometheus) metrics.AddPrometheusExporter();
                if (exportOtlp) metrics.AddOtlpExporter(UseOwnHttpClient);
            });
        if (options.Traces)
        {
            ContextPropagation.Apply(builder.Configuration);
            telemetry.WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SamplingRatio)))
                    .AddSource(source)
                    .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath) && !context.Request.Path.StartsWithSegments(AlivePath))
                    .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request =>
                        request.RequestUri is not { AbsolutePath: HealthPath or AlivePath });
                if (exportOtlp)
                    tracing.AddOtlpExporter(exporter =>
                    {
                        UseOwnHttpClient(exporter);
                        SpanBatching.Apply(exporter, builder.Configuration);
                    });
            });
        }
    }

    /// <summary>
    /// A plain HttpClient for an exporter. Left alone, an exporter takes its client from the HttpClient factory and so
    /// got the defaults above that are meant for calls between services (the standard resilience handler: retries, a
    /// 30 s total timeout over OTEL_EXPORTER_OTLP_TIMEOUT, a circuit breaker; service discovery), and that handler's
    /// pipeline is disposed before the exporters' last flush when the service stops: its last logs were lost.
    /// </summary>
    private static void UseOwnHttpClient(OtlpExporterOptions options) =>
        options.HttpClientFactory = () => new HttpClient { Timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds) };

    /// <summary>
    /// Problem details for every error, <c>/health</c> (readiness, every check) and <c>/alive</c> (liveness),
    /// in every environment: the load balancer uses them in production.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseRequestLimits();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).ExcludeFromDescription().AllowAnonymousCallers();
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value is { Enabled: true, Metrics: true, Prometheus: true })
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireRole(ApiRole.Reader);
        }
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync }).ExcludeFromDescription().AllowAnonymousCallers();
        return app;
    }
}
