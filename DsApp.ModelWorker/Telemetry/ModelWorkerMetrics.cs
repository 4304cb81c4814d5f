using System.Diagnostics;
using System.Diagnostics.Metrics;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Telemetry;

/// <summary>The telemetry contract's instruments on the Meter <c>DsApp.ModelWorker</c>.</summary>
public sealed class ModelWorkerMetrics
{
    public const string Name = "DsApp.ModelWorker";

    private readonly Counter<long> _predictions;
    private readonly Histogram<double> _predictionDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _loadDuration;
    private readonly Histogram<double> _trainingDuration;
    private readonly UpDownCounter<long> _activeJobs;
    private readonly Counter<long> _shadowComparisons;

    public ModelWorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _predictions = meter.CreateCounter<long>("dsapp.predictions", "{prediction}", "Rows predicted, by model, version and outcome.");
        _predictionDuration = meter.CreateHistogram<double>("dsapp.prediction.duration", "s", "Time to answer a prediction request.");
        _cacheLookups = meter.CreateCounter<long>("dsapp.prediction.cache.lookups", "{lookup}", "Prediction cache look-ups, by result (hit, miss).");
        _loadDuration = meter.CreateHistogram<double>("dsapp.model.load.duration", "s", "Time to load a model version into memory.");
        _trainingDuration = meter.CreateHistogram<double>("dsapp.training.duration", "s", "Time to train a version, by model, trainer and outcome.");
        _activeJobs = meter.CreateUpDownCounter<long>("dsapp.jobs.active", "{job}", "Jobs running on this worker, by kind.");
        _shadowComparisons = meter.CreateCounter<long>("dsapp.shadow.comparisons", "{comparison}", "Shadow predictions compared with the answered ones, by agreement.");
    }

    public void Predicted(string model, int version, string outcome, int rows, double seconds)
    {
        var tags = new TagList { { "model", model }, { "version", version }, { "outcome", outcome } };
        _predictions.Add(rows, tags);
        _predictionDuration.Record(seconds, tags);
    }

    public void CacheLookups(int hits, int misses)
    {
        if (hits > 0) _cacheLookups.Add(hits, new KeyValuePair<string, object?>("result", "hit"));
        if (misses > 0) _cacheLookups.Add(misses, new KeyValuePair<string, object?>("result", "miss"));
    }

    public void ModelLoaded(string model, int version, double seconds) =>
        _loadDuration.Record(seconds, new TagList { { "model", model }, { "version", version } });

    public void Trained(string model, TrainerKind trainer, string outcome, double seconds) =>
        _trainingDuration.Record(seconds, new TagList { { "model", model }, { "trainer", RegistryJson.Kebab(trainer) }, { "outcome", outcome } });

    /// <param name="kind">The job kind as the API names it (<c>train</c>, <c>batch-predict</c>).</param>
    public void JobStarted(string kind) => _activeJobs.Add(1, new KeyValuePair<string, object?>("kind", kind));
    public void JobEnded(string kind) => _activeJobs.Add(-1, new KeyValuePair<string, object?>("kind", kind));

    public void ShadowCompared(string model, int version, bool agreed) =>
        _shadowComparisons.Add(1, new TagList { { "model", model }, { "version", version }, { "agreement", agreed ? "agree" : "disagree" } });
}
