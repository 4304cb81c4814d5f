using OpenTelemetry.Metrics;

namespace DsApp.ServiceDefaults.Telemetry;

/// <summary>
/// The standard ASP.NET Core, HttpClient and runtime metrics every service exports. ASP.NET Core's meters are taken
/// as they are (<c>AddAspNetCoreInstrumentation</c> would add nothing on .NET 10 but a middleware around every request,
/// whose only job is <c>error.type</c> on 5xx answers: <c>http.response.status_code</c> says as much).
/// </summary>
public static class StandardMetrics
{
    private const string AspNetCoreMeters = "Microsoft.AspNetCore.*";

    /// <summary>
    /// Recorded several times per request to describe a pool or a route table rather than the request, and left out
    /// unless <see cref="TelemetryOptions.DetailedHttpMetrics"/>: they cost the predict path several % of its
    /// throughput (bench/telemetry, docs/benchmarks.md).
    /// </summary>
    public static readonly IReadOnlySet<string> DetailInstruments = new HashSet<string>
    {
        "http.client.open_connections", // two updates per request (idle → active → idle)
        "http.client.request.time_in_queue",
        "aspnetcore.routing.match_attempts",
    };

    /// <summary>Kestrel's buffer pool (.NET 10): counted at every buffer rented and returned.</summary>
    public const string KestrelMemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    public static MeterProviderBuilder AddStandardMetrics(this MeterProviderBuilder metrics, TelemetryOptions options)
    {
        metrics.AddMeter(AspNetCoreMeters).AddHttpClientInstrumentation().AddRuntimeInstrumentation();
        if (!options.DetailedHttpMetrics)
            metrics.AddView(instrument => IsDetail(instrument.Meter.Name, instrument.Name) ? MetricStreamConfiguration.Drop : null);
        return metrics;
    }

    public static bool IsDetail(string meter, string instrument) =>
        meter == KestrelMemoryPoolMeter || DetailInstruments.Contains(instrument);
}
