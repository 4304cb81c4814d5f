using System.Security.Cryptography;
using System.Text.Json;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.ServiceDefaults.Contracts;
using DsApp.ServiceDefaults.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace DsApp.ModelWorker.Training;

/// <summary><c>POST /api/models/{name}/versions</c>: checks the request against the dataset's schema, then queues a training job.</summary>
public static class TrainingApi
{
    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/models/{name}/versions", TrainVersion).WithTags("Models").WithName("TrainModelVersion")
            .WithSummary("Trains a new version from a dataset: 202 and the job; the version shows as training until it is ready or failed.");
        return app;
    }

    private static async Task<Results<Accepted<Job>, ProblemHttpResult>> TrainVersion(
        string name, TrainRequest request, HttpContext http, ModelRegistry registry, ModelCommands commands, DatasetClient datasets,
        JobStore jobs, IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null) return ApiProblems.NotFound($"There is no model '{name}'.");

        var errors = new Dictionary<string, string[]>();
        if (!ResourceName.IsValid(request.DatasetId)) errors["datasetId"] = [ResourceName.Explain(request.DatasetId)];
        if (request.DatasetVersion is < 1) errors["datasetVersion"] = ["must be 1 or more."];
        var trainer = TrainerKind.Auto;
        if (request.Trainer is not null && (!RegistryJson.TryParseKebab(request.Trainer, out trainer) || trainer == TrainerKind.Imported))
            errors["trainer"] = [$"must be one of {RegistryJson.Names<TrainerKind>(t => t != TrainerKind.Imported)}."];
        var testFraction = request.TestFraction ?? 0.2;
        if (testFraction is <= 0 or > 0.5) errors["testFraction"] = ["must be more than 0 and at most 0.5."];
        if (request.Seed is < 0) errors["seed"] = ["must be 0 or more."];
        if (!TrainingOptions.TryRead(request.Options, out _, out var optionsError)) errors["options"] = [optionsError!];
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        // Idempotency-Key: the same key and body answer the same job for 24 h; the same key with another body is refused.
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        string? idempotencyRedisKey = null;
        var bodyHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, RegistryJson.Options)));
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            idempotencyRedisKey = $"dsapp:idempotency:train:{name}:{idempotencyKey}";
            var earlier = await redis.GetDatabase().StringGetAsync(idempotencyRedisKey);
            if (!earlier.IsNullOrEmpty)
            {
                var parts = ((string)earlier!).Split('|');
                if (parts[0] != bodyHash)
                    return ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used with another body.");
                var previous = await jobs.GetAsync(parts[1]);
                if (previous is not null) return TypedResults.Accepted($"/api/jobs/{previous.Id}", previous);
            }
        }

        var dataset = await datasets.GetAsync(request.DatasetId!, cancellationToken);
        if (dataset is null) return ApiProblems.Invalid("datasetId", $"There is no dataset '{request.DatasetId}'.");
        if (request.DatasetVersion > dataset.Version)
            return ApiProblems.Invalid("datasetVersion", $"Dataset '{dataset.Id}' has no version {request.DatasetVersion} (latest: {dataset.Version}).");
        var schemaErrors = CheckSchema(model, dataset, out var features, out var labelColumn);
        if (schemaErrors.Count > 0) return ApiProblems.Invalid(schemaErrors);

        var allocated = await commands.AllocateVersionAsync(model, cancellationToken);
        if (!allocated.IsOk) return allocated.ToProblem();
        (model, var version) = allocated.Value;
        var seed = request.Seed ?? Random.Shared.Next(0, int.MaxValue);
        var payload = new TrainingPayload(name, version, dataset.Id, request.DatasetVersion ?? dataset.Version, trainer, testFraction, seed,
            request.Options, features, labelColumn.Name, labelColumn.Type, model.Task);
        var training = new ModelVersion(name, version, VersionStatus.Training, trainer, dataset.Id, payload.DatasetVersion,
            new Dictionary<string, double>(), features, [], 0, 0, DateTimeOffset.UtcNow, Seed: seed);
        var shown = await commands.WriteVersionAsync(model, version, stored => stored is null ? training : null, cancellationToken);
        if (!shown.IsOk) return shown.ToProblem();
        var job = await jobs.EnqueueAsync(JobKind.Train, payload with { Generation = model.Generation });
        // The job may have finished already; its record of the version stands.
        await commands.WriteVersionAsync(model, version, stored => stored is { Status: VersionStatus.Training, JobId: null } ? stored with { JobId = job.Id } : null, cancellationToken);
        if (idempotencyRedisKey is not null)
            await redis.GetDatabase().StringSetAsync(idempotencyRedisKey, $"{bodyHash}|{job.Id}", TimeSpan.FromHours(24));
        return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
    }

    /// <summary>The label must exist and fit the task; the features (the model's, or every other column) must exist.</summary>
    public static Dictionary<string, string[]> CheckSchema(Model model, DatasetInfo dataset, out List<FeatureColumn> features, out DatasetColumnInfo label)
    {
        var errors = new Dictionary<string, string[]>();
        var columns = dataset.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        features = [];
        label = new DatasetColumnInfo(model.Label, "string");
        if (!columns.TryGetValue(model.Label, out var found))
        {
            errors["label"] = [$"Dataset '{dataset.Id}' has no column '{model.Label}' (columns: {string.Join(", ", columns.Keys)})."];
        }
        else
        {
            label = found;
            var fits = model.Task switch
            {
                ModelTask.Regression => label.Type is FeatureTypes.Number or FeatureTypes.Integer,
                ModelTask.BinaryClassification => label.Type is FeatureTypes.Boolean or FeatureTypes.Integer,
                _ => label.Type is FeatureTypes.String or FeatureTypes.Integer or FeatureTypes.Boolean,
            };
            if (!fits) errors["label"] = [$"Column '{label.Name}' is {label.Type}; a {RegistryJson.Kebab(model.Task)} model cannot learn it."];
            else if (label.Distinct is 1) errors["label"] = [$"Column '{label.Name}' has a single value: there is nothing to learn."];
        }
        var wanted = model.Features.Count > 0 ? model.Features : dataset.Columns.Select(c => c.Name).Where(n => n != model.Label).ToList();
        foreach (var name in wanted)
        {
            if (!columns.TryGetValue(name, out var column)) errors[$"features.{name}"] = [$"Dataset '{dataset.Id}' has no column '{name}'."];
            else if (!FeatureTypes.All.Contains(column.Type)) errors[$"features.{name}"] = [$"Column '{name}' has a type this service does not know: {column.Type}."];
            else features.Add(new FeatureColumn(name, column.Type));
        }
        if (wanted.Count == 0) errors["features"] = ["The dataset has no column besides the label."];
        return errors;
    }
}
