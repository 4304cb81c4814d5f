using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace DsApp.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry's propagator: W3C trace context alone unless <c>OTEL_PROPAGATORS</c> lists more
/// (<c>tracecontext</c>, <c>baggage</c>). ASP.NET Core has already read <c>traceparent</c> (and <c>baggage</c>, into
/// <c>Activity.Baggage</c>) when its request span starts, and HttpClient writes them with .NET's own propagator; with
/// any other propagator OpenTelemetry's ASP.NET Core instrumentation parses both headers a second time on every request
/// and stores the result in OpenTelemetry's <c>Baggage</c>, an async-local, only to find the same parent. Nothing here
/// reads that <c>Baggage</c>. On the predict path the second parse cost 0.5–1 % of the worker's CPU in a profile and
/// 1–3.5 % of the throughput in bench/telemetry (docs/benchmarks.md).
/// </summary>
public static class ContextPropagation
{
    public const string Variable = "OTEL_PROPAGATORS";

    public static void Apply(IConfiguration configuration) => Sdk.SetDefaultTextMapPropagator(From(configuration[Variable]));

    /// <summary>The propagator <c>OTEL_PROPAGATORS</c> names (comma-separated, as the OpenTelemetry specification has it).</summary>
    public static TextMapPropagator From(string? names)
    {
        if (string.IsNullOrWhiteSpace(names)) return new TraceContextPropagator();
        var propagators = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name => name.ToLowerInvariant() switch
            {
                "tracecontext" => (TextMapPropagator)new TraceContextPropagator(),
                "baggage" => new BaggagePropagator(),
                _ => throw new InvalidOperationException(
                    $"{Variable}: '{name}' is not a propagator this service has; use tracecontext, baggage or both."),
            })
            .ToList();
        return propagators.Count == 1 ? propagators[0] : new CompositeTextMapPropagator(propagators);
    }
}
