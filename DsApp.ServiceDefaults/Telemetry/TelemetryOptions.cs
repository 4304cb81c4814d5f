using System.ComponentModel.DataAnnotations;

namespace DsApp.ServiceDefaults.Telemetry;

/// <summary>The <c>Telemetry</c> section. OTLP itself is configured by the standard <c>OTEL_EXPORTER_OTLP_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>False turns OpenTelemetry off entirely (used to measure its cost).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>False records no traces (metrics and logs still flow).</summary>
    public bool Traces { get; set; } = true;

    /// <summary>False records no metrics (traces and logs still flow).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Share of new traces recorded, 0 to 1; a trace started upstream keeps its parent's decision.</summary>
    [Range(0.0, 1.0)]
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>
    /// Also record the per-request instruments of connection pools, routing and Kestrel's buffer pool
    /// (<see cref="StandardMetrics.IsDetail"/>), off by default for what they cost on the predict path.
    /// </summary>
    public bool DetailedHttpMetrics { get; set; }

    /// <summary>Serve <c>/metrics</c> for a Prometheus scraper, for operators without an OTLP collector.</summary>
    public bool Prometheus { get; set; }
}
