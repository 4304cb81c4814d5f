using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DsApp.Ingest.Telemetry;

/// <summary>The service's ActivitySource and Meter, both named <c>DsApp.Ingest</c> as the telemetry contract says.</summary>
public static class IngestTelemetry
{
    public const string Name = "DsApp.Ingest";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    /// <summary>Rows taken in by uploads that committed.</summary>
    public static readonly Counter<long> Rows = Meter.CreateCounter<long>("dsapp.ingest.rows", "{row}", "Rows taken in by committed uploads.");

    /// <summary>Body bytes read by uploads that committed.</summary>
    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>("dsapp.ingest.bytes", "By", "Body bytes read by committed uploads.");
}
