using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.ModelWorker.Telemetry;
using DsApp.Platform.Records;
using Microsoft.Extensions.Options;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// The one online prediction pipeline, behind REST predict and Open Inference Protocol infer alike: choose the version,
/// read the request's rows by its layout (within the row limit), answer cached rows from the cache and the others through
/// the version's runtime, send a share of requests to the shadow version, offer the rows to payload capture, and count
/// (the metrics, and this replica's <see cref="PredictionStatistics"/>).
/// The protocols' adapters only turn their request into an <see cref="IPredictionInput"/> and the predictions into their answer.
/// </summary>
public sealed class PredictionService(
    ModelCatalog catalog,
    LoadedModels loaded,
    PredictionCache cache,
    ShadowPredictions shadow,
    IPredictionObserver capture,
    PredictionStatistics statistics,
    IOptions<InferenceOptions> options,
    ModelWorkerMetrics metrics)
{
    /// <summary>The model and the loaded version that answers, or a <see cref="ModelRequestException"/>.</summary>
    public async Task<(CatalogEntry Entry, LoadedModel Version)> ResolveAsync(string name, int? version, CancellationToken cancellationToken)
    {
        var entry = await catalog.GetAsync(name, cancellationToken) ?? throw NoModel(name);
        var choice = VersionSelector.Choose(entry.Model, entry.Versions, version, Random.Shared.NextDouble());
        if (choice.Version is null)
        {
            // A version may have become ready (or appeared) since this replica's view was taken: look once more before saying no.
            entry = await catalog.RefreshAsync(name, cancellationToken) ?? throw NoModel(name);
            choice = VersionSelector.Choose(entry.Model, entry.Versions, version, Random.Shared.NextDouble());
        }
        if (choice.Version is null) throw choice.ToException();
        return (entry, await loaded.GetAsync(entry.Model, choice.Version));
    }

    /// <summary>
    /// Predicts the request's rows with the version the contract chooses (or <paramref name="version"/>). Refusals are a
    /// <see cref="ModelRequestException"/> (the model or version) or an <see cref="InputException"/> (the rows).
    /// </summary>
    public async Task<PredictionResult> PredictAsync(string name, int? version, IPredictionInput input, CancellationToken cancellationToken)
    {
        var timings = new PredictionTimings();
        var (entry, model) = await ResolveAsync(name, version, cancellationToken);
        timings.VersionChosen();
        var counters = statistics.For(entry.Model, model.Version);
        var outcome = "error";
        var rows = 0;
        try
        {
            var table = ReadRows(model, input);
            timings.RowsRead();
            var predictions = options.Value.CacheEnabled && entry.Model.CachePredictions
                ? await PredictThroughCacheAsync(entry.Model, model, table, timings, cancellationToken)
                : await RunAsync(entry.Model, model, table, timings, cancellationToken);

            // The shadow compares what the contract's rules chose; a request that names its version is not routed.
            if (version is null) shadow.Offer(entry.Model, model, table, predictions);
            capture.Offer(entry.Model, model.Version, table, () => Array.ConvertAll(predictions, p => model.ToJson(p)));
            timings.Answered();
            outcome = "success";
            rows = table.RowCount;
            return new PredictionResult(model, predictions);
        }
        catch (InputException)
        {
            outcome = "invalid";
            throw;
        }
        finally
        {
            if (outcome == "success") counters.Succeeded(timings);
            else counters.Failed(timings);
            metrics.Predicted(name, model.Version, outcome, rows, timings.ElapsedNs / 1e9);
        }
    }

    /// <summary>The rows as a table of the version's features; the row limit holds whatever protocol sent them.</summary>
    private ColumnTable ReadRows(LoadedModel model, IPredictionInput input)
    {
        var maxRows = options.Value.MaxRows;
        var table = input.Read(model, maxRows);
        if (table.RowCount > maxRows)
            throw InputException.For("rows", $"has {table.RowCount} rows; at most {maxRows} are taken in one request.", InputRefusal.TooLarge);
        return table;
    }

    /// <summary>
    /// The version's runtime on the rows: alone, or, when the model batches and the rows leave room in a batch, joined with
    /// other requests' rows in one call (<see cref="PredictionBatcher"/>). Only this stage is batched.
    /// </summary>
    private static async ValueTask<Prediction[]> RunAsync(Model owner, LoadedModel model, ColumnTable table, PredictionTimings timings, CancellationToken cancellationToken)
    {
        if (owner.Batching is { } rule && table.RowCount < rule.MaxBatchSize)
        {
            var pending = model.Batcher.Submit(table, rule, cancellationToken);
            var batched = await pending.Task.WaitAsync(cancellationToken);
            timings.ModelRanInBatch(table.RowCount, pending.StartedAt, pending.Executed);
            return batched;
        }
        var predictions = model.Predict(table);
        timings.ModelRan(table.RowCount);
        return predictions;
    }

    /// <summary>Rows answered before come from the cache; only the others run through the version, and their answers are kept.</summary>
    private async Task<Prediction[]> PredictThroughCacheAsync(Model owner, LoadedModel model, ColumnTable table, PredictionTimings timings, CancellationToken cancellationToken)
    {
        var generation = owner.CreatedAt.ToUnixTimeMilliseconds();
        var keys = new string[table.RowCount];
        for (var i = 0; i < keys.Length; i++) keys[i] = PredictionCache.Key(owner.Name, generation, model.Version, InputLayout.CanonicalRow(table, i));
        var cached = await cache.LookupAsync(keys);
        timings.CacheSearched();
        var predictions = new Prediction[keys.Length];
        var misses = new List<int>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (cached[i] is { } hit) predictions[i] = hit;
            else misses.Add(i);
        }
        if (misses.Count == 0) return predictions;
        var missing = misses.Count == keys.Length ? table : new ColumnTable(table.Take(misses).Columns, model.Layout.Schema);
        var computed = await RunAsync(owner, model, missing, timings, cancellationToken);
        for (var m = 0; m < misses.Count; m++)
        {
            predictions[misses[m]] = computed[m];
            cache.Store(keys[misses[m]], computed[m]);
        }
        return predictions;
    }

    private static ModelRequestException NoModel(string name) => new(OutcomeKind.NotFound, $"There is no model '{name}'.");
}
