namespace DsApp.ModelWorker.Inference;

/// <summary>A count and a total duration in nanoseconds (Triton's <c>{"count","ns"}</c>), added to by many requests at once.</summary>
public sealed class DurationStatistic
{
    private long _count;
    private long _ns;

    public void Add(long ns)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ns, ns);
    }

    public DurationTotal Read() => new(Interlocked.Read(ref _count), Interlocked.Read(ref _ns));
}

/// <summary>A <see cref="DurationStatistic"/> as read at one moment.</summary>
public readonly record struct DurationTotal(long Count, long Ns);
