using System.ComponentModel.DataAnnotations;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>Payload capture and drift settings (section <c>Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>A feature whose PSI is above this is reported as drifted (0.2 is the usual "significant shift").</summary>
    [Range(0.0, 100.0)] public double DriftThreshold { get; set; } = 0.2;

    /// <summary>Captured rows waiting to be written; when full, new rows are dropped (and counted), never waited for.</summary>
    [Range(1, 10_000_000)] public int CaptureQueueRows { get; set; } = 50_000;

    /// <summary>Rows per capture object at most.</summary>
    [Range(1, 1_000_000)] public int CaptureBatchRows { get; set; } = 1_000;

    /// <summary>How long captured rows wait before they are written at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan CaptureFlushInterval { get; set; } = TimeSpan.FromSeconds(10);
}
