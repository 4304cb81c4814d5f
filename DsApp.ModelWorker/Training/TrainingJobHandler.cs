using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using Microsoft.ML;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// Runs a training job: streams the pinned dataset version from ingest into column arrays, trains, stores the model file,
/// then the version manifest (commit-last), and tells every replica.
/// </summary>
public sealed class TrainingJobHandler(
    DatasetClient datasets,
    ModelRegistry registry,
    LoadedModels loaded,
    ModelEvents events,
    Monitoring.TrainingProfiles profiles,
    ModelWorkerMetrics metrics) : IJobHandler
{
    public JobKind Kind => JobKind.Train;

    public async Task<JsonObject?> RunAsync(Job job, JsonElement payload, Func<double, Task> reportProgress, CancellationToken cancellationToken)
    {
        var request = payload.Deserialize<TrainingPayload>(RegistryJson.Options)!;
        var watch = Stopwatch.StartNew();
        var model = await registry.GetAsync(request.Model, cancellationToken)
            ?? throw new JobFailedException(404, "Model deleted", $"Model '{request.Model}' was deleted before it was trained.");
        try
        {
            Tables.ColumnTable table;
            using (var response = await datasets.OpenContentAsync(request.DatasetId, request.DatasetVersion, cancellationToken))
            await using (var content = await response.Content.ReadAsStreamAsync(cancellationToken))
            await using (var reader = await CsvTableReader.OpenAsync(content, request.Features,
                new LabelSpec(request.Label, request.LabelType, request.Task), keepFields: false, cancellationToken))
            {
                table = await reader.ReadChunkAsync(int.MaxValue, cancellationToken)
                    ?? throw new TrainingDataException($"Dataset '{request.DatasetId}' has no row with a label.");
            }
            await profiles.SaveAsync(request.Model, request.Version, request.Features, table, cancellationToken);
            await reportProgress(0.1);

            TrainingOptions.TryRead(request.Options, out var options, out _);
            var input = new TrainingInput(request.Task, request.Features, table, request.Trainer, request.TestFraction, request.Seed, options);
            var result = await Task.Run(() => ModelTrainer.Train(input, p => reportProgress(p).GetAwaiter().GetResult(), cancellationToken), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            using var file = new MemoryStream();
            new MLContext(request.Seed).Model.Save(result.Model, result.InputSchema, file);
            file.Position = 0;
            var size = await registry.PutArtifactAsync(request.Model, request.Version, file, cancellationToken);
            var current = await registry.GetVersionAsync(request.Model, request.Version, cancellationToken);
            var ready = new ModelVersion(request.Model, request.Version, VersionStatus.Ready, result.Trainer, request.DatasetId,
                request.DatasetVersion, result.Metrics, request.Features, result.Outputs, size, Math.Round(watch.Elapsed.TotalSeconds, 3),
                current?.CreatedAt ?? DateTimeOffset.UtcNow, result.Candidates, null, job.Id, request.Seed);
            file.Position = 0;
            loaded.Load(file, model, ready); // a model this service cannot serve never becomes ready
            await registry.SaveVersionAsync(ready, cancellationToken);
            await events.PublishChangedAsync(request.Model);
            metrics.Trained(request.Model, result.Trainer, "success", watch.Elapsed.TotalSeconds);

            var answer = new JsonObject
            {
                ["model"] = request.Model,
                ["version"] = request.Version,
                ["trainer"] = RegistryJson.Kebab(result.Trainer),
                ["metrics"] = JsonSerializer.SerializeToNode(result.Metrics, RegistryJson.Options),
            };
            if (result.Candidates is not null) answer["candidates"] = JsonSerializer.SerializeToNode(result.Candidates, RegistryJson.Options);
            return answer;
        }
        catch (TrainingDataException error)
        {
            metrics.Trained(request.Model, request.Trainer, "failure", watch.Elapsed.TotalSeconds);
            throw new JobFailedException(422, "The data cannot train this model", error.Message, error);
        }
        catch (DatasetUnavailableException error)
        {
            metrics.Trained(request.Model, request.Trainer, "failure", watch.Elapsed.TotalSeconds);
            throw new JobFailedException(502, "Dataset unavailable", error.Message, error);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or FormatException)
        {
            metrics.Trained(request.Model, request.Trainer, "failure", watch.Elapsed.TotalSeconds);
            throw new JobFailedException(422, "Training failed", error.Message, error);
        }
    }

    /// <summary>A cancelled training leaves no version; a failed one leaves a <c>failed</c> version with the reason and no model file.</summary>
    public async Task AbandonAsync(Job job, JsonElement payload, JobError error, CancellationToken cancellationToken)
    {
        var request = payload.Deserialize<TrainingPayload>(RegistryJson.Options)!;
        var current = await registry.GetVersionAsync(request.Model, request.Version, cancellationToken);
        if (current is null || current.Status == VersionStatus.Ready) return;
        await registry.DeleteVersionAsync(request.Model, request.Version, cancellationToken);
        if (error.Status != 409)
        {
            await registry.SaveVersionAsync(current with { Status = VersionStatus.Failed, Error = error.Detail }, cancellationToken);
        }
        await events.PublishChangedAsync(request.Model);
    }
}
