using DsApp.ModelWorker.Inference;
using DsApp.ServiceDefaults.Contracts;
using DsApp.ServiceDefaults.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DsApp.ModelWorker.Registry;

/// <summary><c>/api/models/{name}/versions</c>: list, read, import and delete versions (training is in <c>TrainingApi</c>).</summary>
public static class ModelVersionsApi
{
    public const long MaxImportBytes = 256L * 1024 * 1024;

    public static IEndpointRouteBuilder MapModelVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models/{name}/versions").WithTags("Models");
        api.MapGet("/", ListVersions).WithName("ListModelVersions").WithSummary("The model's versions, oldest first.");
        api.MapGet("/{version:int}", GetVersion).WithName("GetModelVersion").WithSummary("One version: status, trainer, metrics, inputs and outputs.");
        api.MapPut("/{version:int}", ImportVersion).WithName("ImportModelVersion")
            .WithSummary("Imports an ML.NET model file (application/zip) as this version, after checking it loads and takes the model's features.")
            .Accepts<Stream>("application/zip");
        api.MapDelete("/{version:int}", DeleteVersion).WithName("DeleteModelVersion").WithSummary("Deletes a version no alias, traffic or shadow rule points at.");
        return app;
    }

    private static async Task<Results<Ok<Page<ModelVersion>>, ProblemHttpResult>> ListVersions(
        string name, int? limit, string? cursor, ModelRegistry registry, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors)) return ApiProblems.Invalid(errors);
        if (await registry.GetAsync(name, cancellationToken) is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        var after = page.After is null ? 0 : int.TryParse(page.After, out var a) ? a : int.MaxValue;
        var versions = (await registry.ListVersionsAsync(name, cancellationToken)).Where(v => v.Version > after).ToList();
        var items = versions.Take(page.Limit).ToList();
        var next = versions.Count > page.Limit ? PageRequest.EncodeCursor(items[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<ModelVersion>(items, next));
    }

    private static async Task<Results<Ok<ModelVersion>, ProblemHttpResult>> GetVersion(
        string name, int version, ModelRegistry registry, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var found = await registry.GetVersionAsync(name, version, cancellationToken);
        if (found is null) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        http.Response.Headers.ETag = found.QuotedEtag;
        return TypedResults.Ok(found);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteVersion(
        string name, int version, HttpContext http, ModelRegistry registry, ModelEvents events, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var model = await registry.GetAsync(name, cancellationToken);
        var found = model is null ? null : await registry.GetVersionAsync(name, version, cancellationToken);
        if (model is null || found is null) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        if (!EntityTags.IfMatchAllows(http.Request, found.Etag)) return ApiProblems.PreconditionFailed(found.Etag);
        var pointers = model.Aliases.Where(a => a.Value == version).Select(a => $"alias '{a.Key}'")
            .Concat(model.Traffic.Where(r => r.Version == version).Select(_ => "the traffic split"))
            .Concat(model.Shadow?.Version == version ? ["the shadow rule"] : [])
            .ToList();
        if (pointers.Count > 0)
            return ApiProblems.Conflict($"Version {version} is still used by {string.Join(", ", pointers)}: point them elsewhere first.");
        if (found.Status == VersionStatus.Training)
            return ApiProblems.Conflict($"Version {version} is still training: cancel its job ({found.JobId}) first.");
        await registry.DeleteVersionAsync(name, version, cancellationToken);
        await catalog.RefreshAsync(name, cancellationToken);
        await events.PublishChangedAsync(name);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<ModelVersion>, ProblemHttpResult>> ImportVersion(
        string name, int version, HttpContext http, ModelRegistry registry, VersionAllocator allocator, LoadedModels loaded,
        ModelEvents events, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (version < 1) return ApiProblems.Invalid("version", "must be 1 or more.");
        if (http.Request.ContentType?.Split(';')[0].Trim() is not ("application/zip" or "application/octet-stream"))
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "An imported model is an ML.NET model file sent as application/zip.");
        if (http.Request.ContentLength > MaxImportBytes)
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"A model file may be at most {MaxImportBytes} bytes.");
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        if (await registry.GetVersionAsync(name, version, cancellationToken) is not null || !await allocator.ClaimAsync(model, version))
            return ApiProblems.Conflict($"Model '{name}' already has a version {version}: versions are immutable; import under another number.");

        var started = DateTimeOffset.UtcNow;
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0) return ApiProblems.Invalid("body", "The body is empty: send the ML.NET model file.");
        body.Position = 0;

        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            transformer = new MLContext().Model.Load(body, out inputSchema);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return ApiProblems.Invalid("body", $"The file is not an ML.NET model: {error.Message}");
        }
        var (inputs, problems) = InputsOf(model, inputSchema);
        if (problems.Count > 0) return ApiProblems.Invalid(problems);
        var outputs = model.Task switch
        {
            ModelTask.Regression => new List<OutputColumn> { new("value", "number") },
            ModelTask.BinaryClassification => [new("label", "boolean"), new("probability", "number")],
            _ => [new("label", "string"), new("probabilities", "object")],
        };
        var candidate = new ModelVersion(name, version, VersionStatus.Ready, TrainerKind.Imported, null, null,
            new Dictionary<string, double>(), inputs, outputs, body.Length, 0, started);
        try
        {
            // The same construction serving uses: it must bind to the inputs and give the task's outputs.
            var check = new LoadedModel(name, candidate, model.Task, model.Label, transformer);
            if (check.Classes.Count > 0) candidate = candidate with { Outputs = [new("label", "string", check.Classes), new("probabilities", "object", check.Classes)] };
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return ApiProblems.Invalid("body", $"The model cannot answer as a {RegistryJson.Kebab(model.Task)} model of these features: {error.Message}");
        }

        body.Position = 0;
        var size = await registry.PutArtifactAsync(name, version, body, cancellationToken);
        candidate = candidate with { SizeBytes = size, TrainingSeconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3) };
        await registry.SaveVersionAsync(candidate, cancellationToken);
        if (version > (model.LatestVersion ?? 0)) await registry.SaveAsync(model with { LatestVersion = version }, cancellationToken);
        await catalog.RefreshAsync(name, cancellationToken);
        await events.PublishChangedAsync(name);
        http.Response.Headers.ETag = candidate.QuotedEtag;
        return TypedResults.Created($"/api/models/{name}/versions/{version}", candidate);
    }

    /// <summary>The model's features as the file's input schema types them; a problem for each feature it lacks or cannot take.</summary>
    private static (List<FeatureColumn> Inputs, Dictionary<string, string[]> Problems) InputsOf(Model model, DataViewSchema schema)
    {
        var problems = new Dictionary<string, string[]>();
        var names = model.Features.Count > 0
            ? model.Features
            : schema.Where(c => !c.IsHidden && c.Name != model.Label).Select(c => c.Name).ToList();
        var inputs = new List<FeatureColumn>();
        foreach (var feature in names)
        {
            var column = schema.GetColumnOrNull(feature);
            if (column is null)
            {
                problems[$"features.{feature}"] = [$"the model file's input schema has no column '{feature}' (it has: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})."];
                continue;
            }
            if (column.Value.Type == NumberDataViewType.Single) inputs.Add(new FeatureColumn(feature, "number"));
            else if (column.Value.Type == TextDataViewType.Instance) inputs.Add(new FeatureColumn(feature, "string"));
            else problems[$"features.{feature}"] = [$"is {column.Value.Type} in the model file; this service feeds Single (number) and Text (string) inputs."];
        }
        if (inputs.Count == 0 && problems.Count == 0) problems["features"] = ["the model file takes no input column this service can feed."];
        return (inputs, problems);
    }
}
