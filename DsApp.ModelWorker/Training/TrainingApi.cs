using System.Text.Json;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.Platform.Contracts;
using DsApp.Platform.Idempotency;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Datasets;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Training;

/// <summary><c>POST /api/models/{name}/versions</c>: checks the request against the dataset's schema, then queues a training job.</summary>
public static class TrainingApi
{
    private const string IdempotencyScope = "POST /api/models/{name}/versions";

    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/models/{name}/versions", TrainVersion).WithTags("Models").WithName("TrainModelVersion").RequireRole(ApiRole.Admin)
            .WithSummary("Trains a new version from a dataset: 202 and the job; the version shows as training until it is ready or failed.")
            .Produces<Job>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409, 415, 422);
        return app;
    }

    private static async Task<IResult> TrainVersion(
        [ResourceNameFormat] string name, JsonBody<TrainRequest> body, HttpContext http, ModelRegistry registry, ModelCommands commands, DatasetClient datasets,
        JobStore jobs, IdempotencyStore idempotency, IOptions<JsonOptions> json, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (body.Problem is { } unreadable) return unreadable;
        var request = body.Value!;
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
        if (!IdempotencyKey.TryRead(http, IdempotencyScope, out var key)) errors[IdempotencyKey.HeaderName] = [IdempotencyKey.InvalidMessage];
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        if (key is null) return await QueueAsync(model, request, trainer, testFraction, null, commands, datasets, jobs, loggers, cancellationToken);

        // The request as parsed, so a retry that only spaces its JSON differently is still the same request; and the model it names.
        var fingerprint = RequestFingerprint.Of(RequestFingerprint.OfBody(JsonSerializer.SerializeToUtf8Bytes(request, RegistryJson.Options)), name);
        var queue = () => QueueAsync(model, request, trainer, testFraction, new IdempotencyStamp(key.Hash, fingerprint), commands, datasets, jobs, loggers, cancellationToken);
        var claim = await idempotency.ClaimAsync(key);
        var keptAnswer = claim.Kept ?? (claim.Held ? await KeptInVersionsAsync(model, key, registry, jobs, json.Value.SerializerOptions, cancellationToken) : null);
        if (keptAnswer is { } kept)
        {
            // Found in the store of record: the claim this request took is not needed.
            if (claim.Kept is null) await idempotency.ReleaseAsync(key, claim);
            return kept.RequestHash == fingerprint
                ? IdempotencyStore.Replay(kept)
                : ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, $"{IdempotencyKey.HeaderName} '{key.Key}' was used with another request (body or model) in the last 24 hours.");
        }
        if (!claim.Held) return ApiProblems.Conflict($"A request with {IdempotencyKey.HeaderName} '{key.Key}' is still running; retry when it ends.");

        Results<Accepted<Job>, ProblemHttpResult> queued;
        try
        {
            queued = await queue();
        }
        catch
        {
            await idempotency.ReleaseAsync(key, claim);
            throw;
        }
        if (queued.Result is not Accepted<Job> accepted)
        {
            // Nothing was queued: a retry may try again.
            await idempotency.ReleaseAsync(key, claim);
            return queued;
        }
        var record = new IdempotencyRecord(fingerprint, StatusCodes.Status202Accepted,
            new Dictionary<string, string> { [HeaderNames.Location] = accepted.Location! },
            "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(accepted.Value, json.Value.SerializerOptions));
        await idempotency.KeepAsync(key, claim, record);
        return IdempotencyStore.Answer(record);
    }

    /// <summary>
    /// The answer of the training this key queued, from the version it made (the store of record), when Redis no longer
    /// holds it: a retry must not queue the training again because an answer was lost.
    /// </summary>
    private static async Task<IdempotencyRecord?> KeptInVersionsAsync(Model model, IdempotencyKey key, ModelRegistry registry, JobStore jobs,
        JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var made = (await registry.ListVersionsAsync(model, cancellationToken)).FirstOrDefault(v => v.Idempotency?.KeyHash == key.Hash);
        if (made?.JobId is not { } jobId || await jobs.GetAsync(jobId) is not { } job) return null;
        return new IdempotencyRecord(made.Idempotency!.RequestHash, StatusCodes.Status202Accepted,
            new Dictionary<string, string> { [HeaderNames.Location] = $"/api/jobs/{job.Id}" },
            "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(job, json));
    }

    /// <summary>Checks the dataset, then takes the next version number, shows it as training and queues its job.</summary>
    private static async Task<Results<Accepted<Job>, ProblemHttpResult>> QueueAsync(Model model, TrainRequest request, TrainerKind trainer, double testFraction,
        IdempotencyStamp? stamp, ModelCommands commands, DatasetClient datasets, JobStore jobs, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var name = model.Name;
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
        // The version names its job before the job exists: whatever happens to the queue, the version can tell whether its job lives.
        var jobId = JobStore.NewId();
        var training = new ModelVersion(name, version, VersionStatus.Training, trainer, dataset.Id, payload.DatasetVersion,
            new Dictionary<string, double>(), features, [], 0, 0, DateTimeOffset.UtcNow, JobId: jobId, Seed: seed, Idempotency: stamp);
        var shown = await commands.WriteVersionAsync(model, version, stored => stored is null ? training : null, cancellationToken);
        if (!shown.IsOk) return shown.ToProblem();
        Job job;
        try
        {
            job = await jobs.EnqueueAsync(JobKind.Train, payload with { Generation = model.Generation }, jobId);
        }
        catch (Exception refused) when (refused is not OperationCanceledException)
        {
            // Nothing was queued (the queue takes a job whole or not at all): no version may wait in training for it.
            await AbandonAsync(commands, model, version, loggers.CreateLogger(typeof(TrainingApi).FullName!));
            throw;
        }
        return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
    }

    /// <summary>Removes the version shown for a job that was not queued; if that fails too, it stays in training, and can be deleted (its job does not exist).</summary>
    private static async Task AbandonAsync(ModelCommands commands, Model model, int version, ILogger logger)
    {
        try
        {
            await commands.AbandonVersionAsync(model, version, failure: null, CancellationToken.None);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Version {Version} of model {Model} stays in training without a job: delete it", version, model.Name);
        }
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
