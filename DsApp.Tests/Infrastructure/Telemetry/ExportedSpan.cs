namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>A span as a service exported it over OTLP; <see cref="Instance"/> tells the replicas of a service apart (service.instance.id).</summary>
public sealed record ExportedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ExportedLink> Links,
    string Instance = "");
