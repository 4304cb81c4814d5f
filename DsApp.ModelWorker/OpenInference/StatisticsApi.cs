using DsApp.Platform.Contracts;
using System.ComponentModel.DataAnnotations;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.ServiceDefaults.Security;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The statistics extension: <c>GET /v2/models[/{m}[/versions/{v}]]/stats</c>, what this replica's prediction pipeline
/// did for each model version since it started (each replica answers with its own requests).
/// </summary>
public static class StatisticsApi
{
    /// <summary>The name <c>GET /v2</c> lists among the extensions served.</summary>
    public const string Extension = "statistics";

    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder v2)
    {
        v2.MapGet("/models/stats", AllModels).WithName("V2Statistics").RequireRole(ApiRole.Reader)
            .WithSummary("Statistics of every model version this replica has served (statistics extension).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        v2.MapGet("/models/{model}/stats", ([ResourceNameFormat] string model, ModelCatalog catalog, PredictionStatistics statistics, CancellationToken ct) =>
            OneModel(model, null, catalog, statistics, ct)).WithName("V2ModelStatistics").RequireRole(ApiRole.Reader)
            .WithSummary("Statistics of each version of the model in this replica: counts and durations, cache hits and misses.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        v2.MapGet("/models/{model}/versions/{version}/stats", OneModel).WithName("V2ModelVersionStatistics").RequireRole(ApiRole.Reader)
            .WithSummary("Statistics of one version of the model in this replica.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        return v2;
    }

    private static IResult AllModels(PredictionStatistics statistics) =>
        Answer(statistics.Read().Select(s => ModelStatistics.Of(s.Model, s.Version, s.Statistics)).ToList());

    private static async Task<IResult> OneModel([ResourceNameFormat] string model, [RegularExpression(ModelTarget.VersionPattern)] string? version, ModelCatalog catalog, PredictionStatistics statistics, CancellationToken cancellationToken)
    {
        if (ModelTarget.TryParse(model, version, out var target) is { } invalid) return invalid;
        var entry = await catalog.GetAsync(target.Name, cancellationToken);
        if (entry is null) return InferenceErrors.NotFound($"There is no model '{target.Name}'.");
        if (target.Version is { } asked && entry.Versions.All(v => v.Version != asked))
            return InferenceErrors.NotFound($"Model '{target.Name}' has no version {asked}.");

        // Every ready version is listed (zeros until it answers); a version that is not ready, only when asked for.
        var versions = target.Version is { } number ? [number]
            : entry.Versions.Where(v => v.Status == VersionStatus.Ready).Select(v => v.Version).ToList();
        return Answer(versions
            .Select(v => ModelStatistics.Of(entry.Model.Name, v, statistics.Read(entry.Model, v) ?? VersionStatisticsSnapshot.None))
            .ToList());
    }

    private static IResult Answer(IReadOnlyList<ModelStatistic> versions) =>
        TypedResults.Json(new ModelStatistics(versions), ModelStatistics.Json);
}
