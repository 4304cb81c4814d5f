using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Runs a batch prediction: streams the dataset from ingest in chunks, predicts each chunk through one pooled session,
/// and streams the input columns plus the prediction columns as CSV into a new dataset on ingest, without holding the whole table.
/// </summary>
public sealed class BatchPredictionJobHandler(DatasetClient datasets, ModelRegistry registry, LoadedModels loaded, ILogger<BatchPredictionJobHandler> logger) : IJobHandler
{
    public const int ChunkRows = 20_000;

    public JobKind Kind => JobKind.BatchPredict;

    public async Task<JsonObject?> RunAsync(Job job, JsonElement payload, Func<double, Task> reportProgress, CancellationToken cancellationToken)
    {
        var request = payload.Deserialize<BatchPredictionPayload>(RegistryJson.Options)!;
        var model = await registry.GetAsync(request.Model, cancellationToken)
            ?? throw new JobFailedException(404, "Model deleted", $"Model '{request.Model}' was deleted.");
        var version = await registry.GetVersionAsync(model, request.Version, cancellationToken);
        if (version is not { Status: VersionStatus.Ready })
            throw new JobFailedException(409, "Version unavailable", $"Version {request.Version} of '{request.Model}' is not ready (or was deleted).");
        var predictor = await loaded.GetAsync(model, version);

        using var response = await datasets.OpenContentAsync(request.DatasetId, request.DatasetVersion, cancellationToken);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var reader = await DatasetCsvReader.OpenAsync(content, version.Inputs, null, keepFields: true, cancellationToken);

        var pipe = new Pipe();
        var upload = new StreamContent(pipe.Reader.AsStream());
        upload.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        using var uploadCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var uploading = datasets.PutCsvAsync(request.OutputDatasetId, upload, uploadCancel.Token);

        long rows = 0;
        // Not disposed on failure: closing the writer would end the upload as if the CSV were complete.
        var output = new StreamWriter(pipe.Writer.AsStream(), new UTF8Encoding(false), 1 << 16);
        try
        {
            {
                await output.WriteAsync(string.Join(",", reader.Header.Concat(PredictionColumns(predictor)).Select(Escape)) + "\n");
                var line = new StringBuilder(256);
                while (await reader.ReadChunkAsync(ChunkRows, cancellationToken) is { } table)
                {
                    var predictions = predictor.Predict(new Tables.ColumnTable(table.Columns, predictor.Layout.Schema));
                    for (var i = 0; i < predictions.Length; i++)
                    {
                        line.Clear();
                        foreach (var field in reader.Fields[i]) line.Append(Escape(field)).Append(',');
                        AppendPrediction(line, predictor, predictions[i]);
                        line.Append('\n');
                        await output.WriteAsync(line, cancellationToken);
                    }
                    rows += predictions.Length;
                    if (request.RowCount > 0) await reportProgress(0.95 * rows / request.RowCount);
                    if (uploading.IsCompleted) break; // ingest gave up early: its answer says why
                }
            }
            await output.DisposeAsync();
        }
        catch (Exception error)
        {
            await uploadCancel.CancelAsync();
            await pipe.Writer.CompleteAsync(error);
            try { await uploading; } catch (Exception uploadError) { logger.LogDebug(uploadError, "Upload ended with the failed batch"); }
            if (error is UnusableDataException) throw new JobFailedException(422, "Bad row", error.Message, error);
            throw;
        }
        var written = await uploading;
        return new JsonObject
        {
            ["model"] = request.Model,
            ["version"] = request.Version,
            ["datasetId"] = request.OutputDatasetId,
            ["datasetVersion"] = written?.Version,
            ["rows"] = rows,
        };
    }

    public Task AbandonAsync(Job job, JsonElement payload, JobError error, CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<string> PredictionColumns(LoadedModel model) => model.Task switch
    {
        ModelTask.Regression => ["predicted_value"],
        ModelTask.BinaryClassification => ["predicted_label", "probability"],
        _ => new[] { "predicted_label" }.Concat(model.Classes.Select(c => $"probability_{c}")),
    };

    private static void AppendPrediction(StringBuilder line, LoadedModel model, in Prediction prediction)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        switch (model.Task)
        {
            case ModelTask.Regression:
                line.Append(prediction.Value.ToString("R", culture));
                break;
            case ModelTask.BinaryClassification:
                line.Append(prediction.Flag ? "true" : "false").Append(',').Append(prediction.Probability.ToString("R", culture));
                break;
            default:
                line.Append(Escape(model.ClassName(prediction.ClassIndex)));
                foreach (var p in prediction.Probabilities!) line.Append(',').Append(p.ToString("R", culture));
                break;
        }
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
