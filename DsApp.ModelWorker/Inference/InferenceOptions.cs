using System.ComponentModel.DataAnnotations;
using DsApp.ServiceDefaults.Security;

namespace DsApp.ModelWorker.Inference;

/// <summary>The <c>Inference</c> section: request limits and the prediction cache.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Rows one predict or infer request may carry; more → 413.</summary>
    [Range(1, 1_000_000)] public int MaxRows { get; set; } = 1000;

    /// <summary>Body size of predict and infer (by default the contract's, <see cref="BodyLimits.PredictionBytes"/>); more → 413.</summary>
    [Range(1024, 64 * 1024 * 1024)] public long MaxBodyBytes { get; set; } = BodyLimits.PredictionBytes;

    /// <summary>The prediction cache for every model (each model can also switch it off).</summary>
    public bool CacheEnabled { get; set; } = true;

    /// <summary>How long Redis keeps a cached prediction.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")] public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a prediction looks in Redis before it counts as a miss (Redis may take packets and not answer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")] public TimeSpan CacheTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long this replica keeps a cached prediction in memory, in front of Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan MemoryCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    [Range(0, 10_000_000)] public int MemoryCacheEntries { get; set; } = 100_000;

    /// <summary>
    /// How old a replica's view of a model may grow before a request refreshes it: the bound on how long a replica that
    /// missed a change event (a Redis blip) serves what was there before.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan CatalogMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Threads one ONNX Runtime call may use (intra-op). 1: requests run in parallel on Kestrel's threads already, and more
    /// would fight them for the cores; 0 is ONNX Runtime's own default (one per core), for a worker with few large requests.
    /// </summary>
    [Range(0, 256)] public int OnnxIntraOpThreads { get; set; } = 1;
}
