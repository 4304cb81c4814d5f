using System.ComponentModel.DataAnnotations;
using System.Globalization;
using DsApp.ModelWorker.Inference;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Monitoring;

/// <summary><c>/api/models/{name}/cache</c> and <c>/api/models/{name}/drift</c>: operating a model in production.</summary>
public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapDelete("/{name}/cache", FlushCache).WithName("FlushPredictionCache").RequireRole(ApiRole.Admin)
            .WithSummary("Flushes the model's cached predictions (admin); the next predictions are computed again.").ProducesProblems(400, 404);
        api.MapGet("/{name}/drift", GetDrift).WithName("GetModelDrift").RequireRole(ApiRole.Reader)
            .WithSummary("Per feature, the population stability index between the training data and the inputs captured in the window (default 24h), and which features pass the drift threshold.")
            .ProducesProblems(400, 404, 409);
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> FlushCache(
        [ResourceNameFormat] string name, ModelCatalog catalog, PredictionCacheFlush flush, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (await catalog.RefreshAsync(name, cancellationToken) is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        await flush.FlushAsync(name);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DriftReport>, ProblemHttpResult>> GetDrift(
        [ResourceNameFormat] string name, [VersionNumber] int? version, [RegularExpression(WindowPattern)] string? window, ModelCatalog catalog, TrainingProfiles profiles, PayloadCapture capture,
        DriftCalculator calculator, MonitoringMetrics metrics, IOptions<MonitoringOptions> options, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        window ??= "24h";
        if (!TryParseWindow(window, out var span))
            return ApiProblems.Invalid("window", "must be a positive number followed by m, h or d (e.g. 30m, 24h, 7d), at most 366d.");
        var entry = await catalog.GetAsync(name, cancellationToken);
        if (entry is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        var choice = VersionSelector.Choose(entry.Model, entry.Versions, version, 0.0);
        if (choice.Version is null) return choice.ToProblem();
        var chosen = choice.Version.Version;

        var profile = await profiles.GetAsync(entry.Model, chosen, cancellationToken);
        if (profile is null)
            return ApiProblems.Conflict($"Version {chosen} of '{name}' has no training profile (it was trained before profiles were kept): retrain it to measure drift.");
        await capture.FlushAsync(cancellationToken);
        var to = DateTimeOffset.UtcNow;
        var from = to - span;
        var (rows, counts) = await calculator.CountAsync(entry.Model.Folder, chosen, profile, from, cancellationToken);
        if (rows == 0)
            return ApiProblems.Conflict($"No input of version {chosen} of '{name}' was captured in the last {window}: enable capture (PATCH {{\"capture\": {{\"percent\": p}}}}) and predict, or widen the window.");

        var threshold = options.Value.DriftThreshold;
        var features = new List<FeatureDrift>(profile.Count);
        foreach (var feature in profile)
        {
            var psi = Math.Round(Psi.Compute(feature.Expected, Psi.Shares(counts[feature.Name])), 6);
            metrics.Drift(name, chosen, feature.Name, psi);
            features.Add(new FeatureDrift(feature.Name, feature.Kind, psi, psi > threshold, counts[feature.Name].Sum()));
        }
        return TypedResults.Ok(new DriftReport(name, chosen, window, from, to, threshold, rows, features,
            features.Where(f => f.Drifted).Select(f => f.Name).ToList()));
    }

    /// <summary>What <see cref="TryParseWindow"/> takes, as the document gives it (the bound of 366 days is checked too).</summary>
    public const string WindowPattern = "^[0-9]+[mhd]$";

    public static bool TryParseWindow(string text, out TimeSpan window)
    {
        window = default;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0) return false;
        window = text[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return window > TimeSpan.Zero && window <= TimeSpan.FromDays(366);
    }
}
