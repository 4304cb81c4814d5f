using System.Diagnostics;

namespace DsApp.Ingest.Telemetry;

/// <summary>The service's ActivitySource, named like its Meter (<see cref="IngestMetrics.Name"/>) as the telemetry contract says.</summary>
public static class IngestTracing
{
    public static readonly ActivitySource Source = new(IngestMetrics.Name);
}
