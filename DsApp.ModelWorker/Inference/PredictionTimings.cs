using System.Diagnostics;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Where one request's time went in the prediction pipeline, stage by stage, for the statistics extension: waiting for
/// its version (the choice and, on a cold replica, the load), reading its rows, the cache look-up, the model, and what
/// follows the model (keeping the answers in the cache, shadow and capture).
/// </summary>
public sealed class PredictionTimings
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lap;

    public PredictionTimings() => _lap = _started;

    public long QueueNs { get; private set; }
    public long InputNs { get; private set; }
    public long CacheLookupNs { get; private set; }
    public long InferNs { get; private set; }
    public long OutputNs { get; private set; }

    /// <summary>Whether the rows were looked up in the prediction cache (the cache is on for the model).</summary>
    public bool CacheLookedUp { get; private set; }

    /// <summary>Rows the model ran for: every row without the cache, the rows not found in it with it.</summary>
    public int RowsInferred { get; private set; }

    public long ElapsedNs => ToNanoseconds(Stopwatch.GetTimestamp() - _started);

    public void VersionChosen() => QueueNs = Lap();
    public void RowsRead() => InputNs = Lap();

    public void CacheSearched()
    {
        CacheLookedUp = true;
        CacheLookupNs = Lap();
    }

    /// <summary>
    /// Runs of the model this request counts: 1 when it ran alone, and with batching 1 for one request of each batch and 0
    /// for the others (Triton's <c>execution_count</c>: executions, not requests).
    /// </summary>
    public int Executions { get; private set; }

    public void ModelRan(int rows)
    {
        RowsInferred = rows;
        Executions = 1;
        InferNs = Lap();
    }

    /// <summary>
    /// The request's rows ran in a batch that started at <paramref name="startedAt"/> (Stopwatch timestamp): the wait for
    /// the batch counts as queue time, as Triton counts its dynamic batcher's; the batch's run as the model's time.
    /// </summary>
    public void ModelRanInBatch(int rows, long startedAt, bool executed)
    {
        RowsInferred = rows;
        Executions = executed ? 1 : 0;
        if (startedAt > _lap)
        {
            QueueNs += ToNanoseconds(startedAt - _lap);
            _lap = startedAt;
        }
        InferNs = Lap();
    }

    public void Answered() => OutputNs = Lap();

    private long Lap()
    {
        var now = Stopwatch.GetTimestamp();
        var ns = ToNanoseconds(now - _lap);
        _lap = now;
        return ns;
    }

    private static long ToNanoseconds(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
}
