namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>A span's link to another span (of another trace, usually), as exported over OTLP.</summary>
public sealed record ExportedLink(string TraceId, string SpanId);
