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

    public void ModelRan(int rows)
    {
        RowsInferred = rows;
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
