using DsApp.Platform.Contracts;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.ServiceDefaults.Security;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The model repository extension, mapped onto DsApp's registry and replicas: <c>POST /v2/repository/index</c> lists the
/// registry's models and versions; <c>load</c> and <c>unload</c> act on the replica that answers, not the registry (the
/// registry's versions are made and removed through <c>/api/models</c>). Load reads the model again and loads what its
/// rules route to, as a change event does; unload drops what this replica holds of it, and its next request loads again.
/// </summary>
public static class ModelRepositoryApi
{
    /// <summary>The name <c>GET /v2</c> lists among the extensions served.</summary>
    public const string Extension = "model_repository";

    /// <summary>Load parameters that would replace what the registry holds; DsApp loads only registered versions.</summary>
    private static readonly string[] RegistryOverrides = ["config"];

    public static RouteGroupBuilder MapModelRepositoryApi(this RouteGroupBuilder v2)
    {
        var repository = v2.MapGroup("/repository");
        repository.MapPost("/index", Index).WithName("V2RepositoryIndex").RequireRole(ApiRole.Admin)
            .WithSummary("Every model in the registry, one entry per version: READY when it can answer, else UNAVAILABLE and why ({\"ready\":true}: the ready ones only).")
            .Accepts(typeof(RepositoryIndexRequestBody), isOptional: true, "application/json")
            .Produces<IReadOnlyList<RepositoryIndexEntry>>().ProducesErrors(400, 413, 415);
        repository.MapPost("/models/{model}/load", Load).WithName("V2RepositoryLoad").RequireRole(ApiRole.Admin)
            .WithSummary("Loads, in the replica that answers, the versions the model's rules route to; 200 once they are ready.")
            .Accepts(typeof(RepositoryModelRequestBody), isOptional: true, "application/json")
            .Produces(StatusCodes.Status200OK).ProducesErrors(400, 404, 413, 415);
        repository.MapPost("/models/{model}/unload", Unload).WithName("V2RepositoryUnload").RequireRole(ApiRole.Admin)
            .WithSummary("Drops the model's loaded versions from the replica that answers; its next request loads them again.")
            .Accepts(typeof(RepositoryModelRequestBody), isOptional: true, "application/json")
            .Produces(StatusCodes.Status200OK).ProducesErrors(400, 404, 413, 415);
        return v2;
    }

    private static async Task<IResult> Index(HttpContext http, ModelRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            var request = await RepositoryRequest.ReadAsync(http, cancellationToken);
            return TypedResults.Ok(await RepositoryIndex.ReadAsync(registry, request.ReadyOnly, cancellationToken));
        }
        catch (InputException refusal)
        {
            return refusal.ToError();
        }
    }

    private static async Task<IResult> Load([ResourceNameFormat] string model, HttpContext http, ModelCatalog catalog, LoadedModels loaded, CancellationToken cancellationToken)
    {
        if (ModelTarget.TryParse(model, null, out var target) is { } invalid) return invalid;
        try
        {
            var request = await RepositoryRequest.ReadAsync(http, cancellationToken);
            if (request.Parameters.Keys.FirstOrDefault(p => RegistryOverrides.Contains(p) || p.StartsWith("file:", StringComparison.Ordinal)) is { } given)
                return InferenceErrors.Invalid($"Load takes no '{given}': DsApp loads the versions its registry holds; import a new version with PUT /api/models/{target.Name}/versions/{{v}}.");
        }
        catch (InputException refusal)
        {
            return refusal.ToError();
        }

        var entry = await catalog.RefreshAsync(target.Name, cancellationToken);
        if (entry is null) return InferenceErrors.NotFound($"There is no model '{target.Name}'.");
        var routable = VersionSelector.Routable(entry.Model, entry.Versions);
        if (routable.Count == 0) return InferenceErrors.Invalid($"Model '{target.Name}' has no ready version to load: train or import one first.");
        // The refresh loads every routable version and logs a load that fails; what is not loaded now did fail.
        var failed = routable.Where(v => !loaded.IsLoaded(entry.Model, entry.Versions.First(x => x.Version == v))).ToList();
        if (failed.Count > 0)
            return InferenceErrors.Invalid($"Version(s) {string.Join(", ", failed)} of '{target.Name}' could not be loaded; the model worker's log says why.");
        return TypedResults.Ok();
    }

    private static async Task<IResult> Unload([ResourceNameFormat] string model, HttpContext http, ModelRegistry registry, LoadedModels loaded, CancellationToken cancellationToken)
    {
        if (ModelTarget.TryParse(model, null, out var target) is { } invalid) return invalid;
        try
        {
            // unload_dependents is accepted and means nothing here: a DsApp model has no dependents.
            await RepositoryRequest.ReadAsync(http, cancellationToken);
        }
        catch (InputException refusal)
        {
            return refusal.ToError();
        }
        if (await registry.GetAsync(target.Name, cancellationToken) is null) return InferenceErrors.NotFound($"There is no model '{target.Name}'.");
        loaded.Forget(target.Name);
        return TypedResults.Ok();
    }
}

/// <summary>The index request: <c>{"ready": true}</c> lists only the versions ready to answer; the body may be empty.</summary>
public sealed record RepositoryIndexRequestBody(bool? Ready);

/// <summary>A load or unload request: <c>{"parameters": {...}}</c>, or an empty body.</summary>
public sealed record RepositoryModelRequestBody(Dictionary<string, System.Text.Json.JsonElement>? Parameters);
