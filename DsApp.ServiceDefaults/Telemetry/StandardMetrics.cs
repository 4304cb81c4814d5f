using OpenTelemetry.Metrics;

namespace DsApp.ServiceDefaults.Telemetry;

/// <summary>
/// The standard ASP.NET Core, HttpClient and runtime metrics every service exports. ASP.NET Core's meters are taken
/// as they are: on .NET 10 <c>AddAspNetCoreInstrumentation</c> subscribes to the same meters and adds a middleware around
/// every request (its <c>HttpServerErrorTypeStartupFilter</c>, for <c>error.type</c> on 5xx answers, which
/// <c>http.response.status_code</c> already tells).
/// </summary>
public static class StandardMetrics
{
    private const string AspNetCoreMeters = "Microsoft.AspNetCore.*";

    /// <summary>
    /// Recorded several times per request to describe a pool or a route table rather than the request, and left out
    /// unless <see cref="TelemetryOptions.DetailedHttpMetrics"/>: they cost the predict path several % of its
    /// throughput (bench/telemetry, docs/benchmarks.md).
    /// </summary>
    private static readonly IReadOnlySet<string> DetailInstruments = new HashSet<string>
    {
        "http.client.open_connections", // two updates per request (idle → active → idle)
        "http.client.request.time_in_queue",
        "aspnetcore.routing.match_attempts",
    };

    /// <summary>Kestrel's buffer pool (.NET 10): counted at every buffer rented and returned.</summary>
    private const string KestrelMemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    public static MeterProviderBuilder AddStandardMetrics(this MeterProviderBuilder metrics, TelemetryOptions options)
    {
        metrics.AddMeter(AspNetCoreMeters).AddHttpClientInstrumentation().AddRuntimeInstrumentation();
        if (!options.DetailedHttpMetrics)
            metrics.AddView(instrument => IsDetail(instrument.Meter.Name, instrument.Name) ? MetricStreamConfiguration.Drop : null);
        return metrics;
    }

    /// <summary>Whether an instrument is one of those <see cref="TelemetryOptions.DetailedHttpMetrics"/> turns on.</summary>
    public static bool IsDetail(string meter, string instrument) =>
        meter == KestrelMemoryPoolMeter || DetailInstruments.Contains(instrument);
}
