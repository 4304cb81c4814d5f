using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.ModelWorker.Telemetry;
using Microsoft.Extensions.Options;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// The online prediction path: choose the version, read the input by the version's layout, answer cached rows from the
/// cache and the others through one pooled session, and send a share of requests to the shadow version as well.
/// </summary>
public sealed class PredictionService(
    ModelCatalog catalog,
    LoadedModels loaded,
    PredictionCache cache,
    Monitoring.PayloadCapture capture,
    IOptions<InferenceOptions> options,
    ModelWorkerMetrics metrics,
    ILogger<PredictionService> logger)
{
    public int MaxRows => options.Value.MaxRows;

    /// <summary>The model and the loaded version that answers, or a <see cref="ModelRequestException"/>.</summary>
    public async Task<(CatalogEntry Entry, LoadedModel Version)> ResolveAsync(string name, int? version, CancellationToken cancellationToken)
    {
        var entry = await catalog.GetAsync(name, cancellationToken) ?? throw new ModelRequestException(404, $"There is no model '{name}'.");
        var choice = VersionSelector.Choose(entry.Model, entry.Versions, version, Random.Shared.NextDouble());
        if (choice.Version is null)
        {
            // A version may have become ready (or appeared) since this replica's view was taken: look once more before saying no.
            entry = await catalog.RefreshAsync(name, cancellationToken) ?? throw new ModelRequestException(404, $"There is no model '{name}'.");
            choice = VersionSelector.Choose(entry.Model, entry.Versions, version, Random.Shared.NextDouble());
        }
        if (choice.Version is null) throw new ModelRequestException(choice.Status, choice.Problem!);
        return (entry, await loaded.GetAsync(entry.Model, choice.Version));
    }

    public async Task<PredictionAnswer> PredictAsync(string name, int? version, JsonElement body, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (entry, model) = await ResolveAsync(name, version, cancellationToken);
        ColumnTable table;
        try
        {
            table = model.Layout.Read(body, options.Value.MaxRows);
        }
        catch (InputException)
        {
            metrics.Predicted(name, model.Version, "invalid", 0, watch.Elapsed.TotalSeconds);
            throw;
        }

        var answers = new byte[table.RowCount][];
        if (options.Value.CacheEnabled && entry.Model.CachePredictions)
        {
            var generation = entry.Model.CreatedAt.ToUnixTimeMilliseconds();
            var keys = new string[table.RowCount];
            for (var i = 0; i < keys.Length; i++) keys[i] = PredictionCache.Key(name, generation, model.Version, InputLayout.CanonicalRow(table, i));
            var cached = await cache.LookupAsync(keys);
            var misses = Enumerable.Range(0, keys.Length).Where(i => cached[i] is null).ToArray();
            for (var i = 0; i < keys.Length; i++) answers[i] = cached[i]!;
            if (misses.Length > 0)
            {
                var missing = misses.Length == keys.Length ? table : new ColumnTable(table.Take(misses).Columns, model.Layout.Schema);
                var predictions = model.Predict(missing);
                for (var m = 0; m < misses.Length; m++)
                {
                    answers[misses[m]] = Serialize(model, predictions[m]);
                    cache.Store(keys[misses[m]], answers[misses[m]]);
                }
            }
        }
        else
        {
            var predictions = model.Predict(table);
            for (var i = 0; i < predictions.Length; i++) answers[i] = Serialize(model, predictions[i]);
        }

        if (version is null) Shadow(entry.Model, model, table, answers);
        capture.Offer(entry.Model, model.Version, table, answers);
        metrics.Predicted(name, model.Version, "success", table.RowCount, watch.Elapsed.TotalSeconds);
        return new PredictionAnswer(name, model.Version, Compose(name, model.Version, answers));
    }

    /// <summary>Sends the rows to the shadow version too, for the share of requests the model asks; compares, counts, never answers with it.</summary>
    private void Shadow(Model model, LoadedModel answered, ColumnTable table, byte[][] answers)
    {
        if (model.Shadow is not { } shadow || shadow.Version == answered.Version || Random.Shared.Next(100) >= shadow.Percent) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var entry = await catalog.GetAsync(model.Name, CancellationToken.None);
                var version = entry?.Versions.FirstOrDefault(v => v.Version == shadow.Version && v.Status == VersionStatus.Ready);
                if (entry is null || version is null) return;
                var shadowModel = await loaded.GetAsync(entry.Model, version);
                var predictions = shadowModel.Predict(new ColumnTable(table.Columns, shadowModel.Layout.Schema));
                for (var i = 0; i < predictions.Length; i++)
                    metrics.ShadowCompared(model.Name, shadow.Version, Agrees(shadowModel, predictions[i], answers[i]));
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Shadow version {Version} of {Model} could not predict", shadow.Version, model.Name);
            }
        });
    }

    private static bool Agrees(LoadedModel shadow, in Prediction prediction, byte[] answered)
    {
        using var answer = JsonDocument.Parse(answered);
        var root = answer.RootElement;
        return shadow.Task switch
        {
            ModelTask.Regression => Math.Abs(root.GetProperty("value").GetDouble() - prediction.Value) <= 0.05 * Math.Max(1, Math.Abs(prediction.Value)),
            ModelTask.BinaryClassification => root.GetProperty("label").GetBoolean() == prediction.Flag,
            _ => root.GetProperty("label").GetString() == shadow.ClassName(prediction.ClassIndex),
        };
    }

    public static byte[] Serialize(LoadedModel model, in Prediction prediction)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer)) model.Write(json, prediction);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Compose(string name, int version, byte[][] answers)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + answers.Sum(a => a.Length + 1));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", name);
            json.WriteNumber("version", version);
            json.WriteStartArray("predictions");
            foreach (var answer in answers) json.WriteRawValue(answer, skipInputValidation: true);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
