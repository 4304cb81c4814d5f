using DsApp.ModelWorker.Inference;
using DsApp.ServiceDefaults.Records;
using DsApp.ServiceDefaults.Contracts;
using DsApp.ServiceDefaults.Paging;
using Microsoft.AspNetCore.Http.Features;
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
        if (await registry.GetAsync(name, cancellationToken) is not { } model) return ApiProblems.NotFound($"There is no model '{name}'.");
        var after = page.After is null ? 0 : int.TryParse(page.After, out var a) ? a : int.MaxValue;
        var versions = (await registry.ListVersionsAsync(model, cancellationToken)).Where(v => v.Version > after).ToList();
        var items = versions.Take(page.Limit).ToList();
        var next = versions.Count > page.Limit ? PageRequest.EncodeCursor(items[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<ModelVersion>(items, next));
    }

    private static async Task<Results<Ok<ModelVersion>, ProblemHttpResult>> GetVersion(
        string name, int version, ModelRegistry registry, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var model = await registry.GetAsync(name, cancellationToken);
        var found = model is null ? null : await registry.GetVersionAsync(model, version, cancellationToken);
        if (found is null) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        http.Response.Headers.ETag = found.QuotedEtag;
        return TypedResults.Ok(found);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteVersion(
        string name, int version, HttpContext http, ModelCommands commands, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var outcome = await commands.DeleteVersionAsync(name, version, etag => EntityTags.IfMatchAllows(http.Request, etag), cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<Results<Created<ModelVersion>, ProblemHttpResult>> ImportVersion(
        string name, int version, HttpContext http, ModelRegistry registry, ModelCommands commands, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (version < 1) return ApiProblems.Invalid("version", "must be 1 or more.");
        if (http.Request.ContentType?.Split(';')[0].Trim() is not ("application/zip" or "application/octet-stream"))
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "An imported model is an ML.NET model file sent as application/zip.");
        if (http.Request.ContentLength > MaxImportBytes)
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"A model file may be at most {MaxImportBytes} bytes.");
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        if (await registry.GetVersionAsync(model, version, cancellationToken) is not null)
            return ApiProblems.Conflict($"Model '{name}' already has a version {version}: versions are immutable; import under another number.");

        var started = DateTimeOffset.UtcNow;
        // Kestrel's default (about 28.6 MiB) would refuse larger models than the limit this endpoint states.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxImportBytes;
        using var body = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(body, cancellationToken);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"A model file may be at most {MaxImportBytes} bytes.");
        }
        if (body.Length == 0) return ApiProblems.Invalid("body", "The body is empty: send the ML.NET model file.");
        body.Position = 0;
        if (ModelFileGuard.Check(body) is { } refused) return ApiProblems.Invalid("body", refused);

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

        // The number is taken only now that the file is known to be good: a refused import holds nothing.
        var claim = await commands.ClaimVersionAsync(model, version, cancellationToken);
        if (!claim.IsOk) return claim.ToProblem();
        body.Position = 0;
        var (artifact, size) = await registry.PutArtifactAsync(model, version, body, cancellationToken);
        candidate = candidate with { SizeBytes = size, TrainingSeconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3), Artifact = artifact };
        var written = await commands.WriteVersionAsync(model, version, stored => stored is null ? candidate : null, cancellationToken);
        if (!written.IsOk || written.Value!.Artifact != artifact)
        {
            await registry.RemoveArtifactAsync(artifact);
            return written.IsOk ? ApiProblems.Conflict($"Model '{name}' already has a version {version}.") : written.ToProblem();
        }
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
