using System.Diagnostics.Metrics;

namespace DsApp.Ingest.Telemetry;

/// <summary>The service's Meter, named <c>DsApp.Ingest</c> as the telemetry contract says, and its instruments.</summary>
public static class IngestMetrics
{
    public const string Name = "DsApp.Ingest";

    private static readonly Meter Meter = new(Name);

    /// <summary>Rows taken in by uploads that committed.</summary>
    public static readonly Counter<long> Rows = Meter.CreateCounter<long>("dsapp.ingest.rows", "{row}", "Rows taken in by committed uploads.");

    /// <summary>Body bytes read by uploads that committed.</summary>
    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>("dsapp.ingest.bytes", "By", "Body bytes read by committed uploads.");
}
