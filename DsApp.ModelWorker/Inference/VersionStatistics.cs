namespace DsApp.ModelWorker.Inference;

/// <summary>
/// What the prediction pipeline did for one version in this replica, counted as Triton's statistics extension counts:
/// a request answered wholly from the cache is a cache hit and runs nothing else; any other is a cache miss (when the cache
/// is on for the model) and counts its input, model and output stages; the model's rows and runs exclude cache hits, and
/// with batching a run counts once for the batch, not once per request in it.
/// </summary>
public sealed class VersionStatistics(long incarnation)
{
    private readonly DurationStatistic _success = new(), _fail = new(), _queue = new(), _input = new(), _infer = new(),
        _output = new(), _cacheHit = new(), _cacheMiss = new();
    private long _inferences;
    private long _executions;
    private long _lastInference;

    /// <summary>The model's creation (ms): a model deleted and created again under the same name starts from nothing.</summary>
    public long Incarnation { get; } = incarnation;

    public void Succeeded(PredictionTimings timings)
    {
        _success.Add(timings.ElapsedNs);
        _queue.Add(timings.QueueNs);
        if (timings.CacheLookedUp && timings.RowsInferred == 0)
        {
            _cacheHit.Add(timings.CacheLookupNs);
        }
        else
        {
            if (timings.CacheLookedUp) _cacheMiss.Add(timings.CacheLookupNs);
            _input.Add(timings.InputNs);
            _infer.Add(timings.InferNs);
            _output.Add(timings.OutputNs);
            Interlocked.Add(ref _inferences, timings.RowsInferred);
            Interlocked.Add(ref _executions, timings.Executions);
        }
        Touch();
    }

    public void Failed(PredictionTimings timings)
    {
        _fail.Add(timings.ElapsedNs);
        Touch();
    }

    public VersionStatisticsSnapshot Read() => new(
        Interlocked.Read(ref _lastInference), Interlocked.Read(ref _inferences), Interlocked.Read(ref _executions),
        _success.Read(), _fail.Read(), _queue.Read(), _input.Read(), _infer.Read(), _output.Read(), _cacheHit.Read(), _cacheMiss.Read());

    private void Touch() => Interlocked.Exchange(ref _lastInference, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}

/// <summary>A version's statistics at one moment; <see cref="LastInference"/> in ms since the epoch (0: none yet).</summary>
public sealed record VersionStatisticsSnapshot(
    long LastInference, long InferenceCount, long ExecutionCount,
    DurationTotal Success, DurationTotal Fail, DurationTotal Queue, DurationTotal ComputeInput, DurationTotal ComputeInfer,
    DurationTotal ComputeOutput, DurationTotal CacheHit, DurationTotal CacheMiss)
{
    public static readonly VersionStatisticsSnapshot None = new VersionStatistics(0).Read();
}
