using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace DsApp.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry's propagator becomes W3C trace context alone instead of trace context and baggage. ASP.NET Core has
/// already read <c>traceparent</c> (and <c>baggage</c>, into <c>Activity.Baggage</c>) when its request span starts, and
/// HttpClient writes them with .NET's own propagator; with any other propagator OpenTelemetry's ASP.NET Core
/// instrumentation parses both headers a second time on every request only to find the same parent (in a profile of
/// the worker under load, 0.5 to 1 % of its CPU). Nothing here reads OpenTelemetry's <c>Baggage</c> API, the one thing
/// the second parse fed.
/// </summary>
public static class ContextPropagation
{
    public static void UseTraceContextOnly() => Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
}
