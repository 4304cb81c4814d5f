using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DsApp.ModelWorker.Telemetry;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>Capture and drift instruments on the Meter <c>DsApp.ModelWorker</c>.</summary>
public sealed class MonitoringMetrics
{
    private readonly Counter<long> _captured;
    private readonly Counter<long> _dropped;
    private readonly ConcurrentDictionary<(string Model, int Version, string Feature), double> _drift = new();

    public MonitoringMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ModelWorkerMetrics.Name);
        _captured = meter.CreateCounter<long>("dsapp.capture.rows", "{row}", "Prediction rows written to the capture dataset, by model.");
        _dropped = meter.CreateCounter<long>("dsapp.capture.dropped", "{row}", "Prediction rows not captured (queue full or store failure), by model and reason.");
        meter.CreateObservableGauge("dsapp.model.drift", ObserveDrift, "1",
            "Population stability index of a feature between the training data and the captured inputs, as last computed.");
    }

    public void Captured(string model, int rows) => _captured.Add(rows, new KeyValuePair<string, object?>("model", model));

    public void Dropped(string model, int rows, string reason) =>
        _dropped.Add(rows, new TagList { { "model", model }, { "reason", reason } });

    public void Drift(string model, int version, string feature, double psi) => _drift[(model, version, feature)] = psi;

    private IEnumerable<Measurement<double>> ObserveDrift() =>
        _drift.Select(d => new Measurement<double>(d.Value, new TagList { { "model", d.Key.Model }, { "version", d.Key.Version }, { "feature", d.Key.Feature } }));
}
