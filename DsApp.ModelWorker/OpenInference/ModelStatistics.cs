using System.Globalization;
using System.Text.Json;
using DsApp.ModelWorker.Inference;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>The statistics extension's answer: <c>{"model_stats":[...]}</c>, one entry per model version.</summary>
public sealed record ModelStatistics(IReadOnlyList<ModelStatistic> ModelStats)
{
    /// <summary>The extension's field names (snake_case).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ModelStatistic Of(string model, int version, VersionStatisticsSnapshot statistics) => new(
        model, version.ToString(CultureInfo.InvariantCulture), statistics.LastInference, statistics.InferenceCount, statistics.ExecutionCount,
        new InferenceStatistics(statistics.Success, statistics.Fail, statistics.Queue, statistics.ComputeInput, statistics.ComputeInfer,
            statistics.ComputeOutput, statistics.CacheHit, statistics.CacheMiss),
        []);
}

/// <summary>
/// One version's <c>$model_stat</c>. <see cref="BatchStats"/> stays empty: without adaptive batching every execution is one
/// request's rows, which <see cref="InferenceStats"/> already counts.
/// </summary>
public sealed record ModelStatistic(string Name, string Version, long LastInference, long InferenceCount, long ExecutionCount,
    InferenceStatistics InferenceStats, IReadOnlyList<object> BatchStats);

/// <summary><c>$inference_stats</c>: each a <c>{"count","ns"}</c>.</summary>
public sealed record InferenceStatistics(DurationTotal Success, DurationTotal Fail, DurationTotal Queue, DurationTotal ComputeInput,
    DurationTotal ComputeInfer, DurationTotal ComputeOutput, DurationTotal CacheHit, DurationTotal CacheMiss);
