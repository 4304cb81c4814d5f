namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>A metric as a service exported it over OTLP, with the attributes of each of its data points.</summary>
public sealed record ExportedMetric(
    string Service,
    string Scope,
    string Name,
    string Unit,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Points);
