using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using Microsoft.ML;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// Runs a training job: streams the pinned dataset version from ingest into column arrays, trains, stores the model file
/// under a key of its own, then turns the version from training to ready (commit-last) only if it still is training in the
/// same incarnation of the model: a run whose work another run already did, or whose model was deleted, commits nothing.
/// </summary>
public sealed class TrainingJobHandler(
    DatasetClient datasets,
    ModelRegistry registry,
    ModelCommands commands,
    LoadedModels loaded,
    Monitoring.TrainingProfiles profiles,
    ModelWorkerMetrics metrics) : IJobHandler
{
    public JobKind Kind => JobKind.Train;

    public async Task<JsonObject?> RunAsync(Job job, JsonElement payload, Func<double, Task> reportProgress, CancellationToken cancellationToken)
    {
        var request = payload.Deserialize<TrainingPayload>(RegistryJson.Options)!;
        var watch = Stopwatch.StartNew();
        var model = await registry.GetAsync(request.Model, cancellationToken);
        if (model is null || request.Generation is not null && model.Generation != request.Generation)
            throw new JobFailedException(404, "Model deleted", $"Model '{request.Model}' was deleted before it was trained.");
        switch (await registry.GetVersionAsync(model, request.Version, cancellationToken))
        {
            case { Status: VersionStatus.Ready } done:
                return Answer(done);
            case null:
                // Deleted while its job was on its way to the queue: nothing to train for.
                throw new JobFailedException(404, "Version deleted", $"Version {request.Version} of model '{request.Model}' was deleted before it was trained.");
        }
        try
        {
            Tables.ColumnTable table;
            using (var response = await datasets.OpenContentAsync(request.DatasetId, request.DatasetVersion, cancellationToken))
            await using (var content = await response.Content.ReadAsStreamAsync(cancellationToken))
            await using (var reader = await DatasetCsvReader.OpenAsync(content, request.Features,
                new LabelSpec(request.Label, request.LabelType, request.Task), keepFields: false, cancellationToken))
            {
                table = await reader.ReadChunkAsync(int.MaxValue, cancellationToken)
                    ?? throw new UnusableDataException($"Dataset '{request.DatasetId}' has no row with a label.");
            }
            await profiles.SaveAsync(model, request.Version, request.Features, table, cancellationToken);
            await reportProgress(0.1);

            TrainingOptions.TryRead(request.Options, out var options, out _);
            var input = new TrainingInput(request.Task, request.Features, table, request.Trainer, request.TestFraction, request.Seed, options);
            var result = await Task.Run(() => ModelTrainer.Train(input, p => reportProgress(p).GetAwaiter().GetResult(), cancellationToken), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            using var file = new MemoryStream();
            new MLContext(request.Seed).Model.Save(result.Model, result.InputSchema, file);
            file.Position = 0;
            var (artifact, size) = await registry.PutArtifactAsync(model, request.Version, file, cancellationToken);
            var ready = new ModelVersion(request.Model, request.Version, VersionStatus.Ready, result.Trainer, request.DatasetId,
                request.DatasetVersion, result.Metrics, request.Features, result.Outputs, size, Math.Round(watch.Elapsed.TotalSeconds, 3),
                DateTimeOffset.UtcNow, result.Candidates, null, job.Id, request.Seed, artifact);
            file.Position = 0;
            loaded.Load(file, model, ready); // a model this service cannot serve never becomes ready
            var committed = await commands.WriteVersionAsync(model, request.Version,
                stored => stored is { Status: VersionStatus.Training } ? ready with { CreatedAt = stored.CreatedAt, Idempotency = stored.Idempotency } : null, cancellationToken);
            if (!committed.IsOk || committed.Value!.Artifact != artifact) await registry.RemoveArtifactAsync(artifact);
            if (!committed.IsOk) throw new JobFailedException(404, "Model deleted", $"Model '{request.Model}' was deleted while it was trained.");
            metrics.Trained(request.Model, result.Trainer, "success", watch.Elapsed.TotalSeconds);
            return Answer(committed.Value!);
        }
        catch (UnusableDataException error)
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

    /// <summary>What a finished training answers: the version it made ready.</summary>
    private static JsonObject Answer(ModelVersion ready)
    {
        var answer = new JsonObject
        {
            ["model"] = ready.Model,
            ["version"] = ready.Version,
            ["trainer"] = RegistryJson.Kebab(ready.Trainer),
            ["metrics"] = JsonSerializer.SerializeToNode(ready.Metrics, RegistryJson.Options),
        };
        if (ready.Candidates is not null) answer["candidates"] = JsonSerializer.SerializeToNode(ready.Candidates, RegistryJson.Options);
        return answer;
    }

    /// <summary>A cancelled training leaves no version; a failed one leaves a <c>failed</c> version with the reason and no model file.</summary>
    public async Task AbandonAsync(Job job, JsonElement payload, JobError error, CancellationToken cancellationToken)
    {
        var request = payload.Deserialize<TrainingPayload>(RegistryJson.Options)!;
        var model = await registry.GetAsync(request.Model, cancellationToken);
        if (model is null || request.Generation is not null && model.Generation != request.Generation) return;
        await commands.AbandonVersionAsync(model, request.Version, error.Status == 409 ? null : error.Detail, cancellationToken);
    }
}
