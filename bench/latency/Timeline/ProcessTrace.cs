using Microsoft.Diagnostics.Tracing;

/// <summary>What one process did during the trace, on the machine's monotonic clock (µs), so that the gateway's and
/// the worker's traces line up.</summary>
sealed class ProcessTrace
{
    public List<Span> Requests { get; } = [];   // Kestrel: headers parsed → response done, predict paths only
    public List<Span> Forwards { get; } = [];   // HttpClient (the gateway's YARP forward): request start → response headers
    public List<Span> Pauses { get; } = [];     // GC: execution suspended → restarted
    public List<Span> Suspensions { get; } = []; // GC: suspending execution → every thread stopped (part of a pause)
    public List<Span> Collections { get; } = []; // GC: the collection itself, start → end (part of a pause)
    public List<double> Jits { get; } = [];     // a method compiled (tier 0, tier 1, OSR)
    public List<double> PoolThreads { get; } = []; // a thread-pool thread started, retired or the pool resized
    public List<double> Contentions { get; } = []; // a lock contended
    public Dictionary<string, int> EventCounts { get; } = [];

    public static ProcessTrace Read(string path)
    {
        var trace = new ProcessTrace();
        var open = new Dictionary<string, (double Start, string Path)>();
        double? forwardStart = null, pauseStart = null, collectionStart = null;
        using var source = new EventPipeEventSource(path);
        Action<TraceEvent> handle = e =>
        {
            var name = $"{e.ProviderName}/{e.EventName}";
            trace.EventCounts[name] = trace.EventCounts.GetValueOrDefault(name) + 1;
            var at = MonotonicClock.Microseconds(e);
            switch (e.ProviderName, e.EventName)
            {
                case ("Microsoft-AspNetCore-Server-Kestrel", "Request/Start"):
                    open[RequestKey(e)] = (at, (string)e.PayloadByName("path"));
                    break;
                case ("Microsoft-AspNetCore-Server-Kestrel", "Request/Stop"):
                    if (open.Remove(RequestKey(e), out var request) && request.Path.EndsWith("/predict", StringComparison.Ordinal))
                        trace.Requests.Add(new Span(request.Start, at));
                    break;
                case ("System.Net.Http", "Request/Start"):
                    forwardStart = at;
                    break;
                case ("System.Net.Http", "ResponseHeaders/Stop"):
                    if (forwardStart is { } started) trace.Forwards.Add(new Span(started, at));
                    forwardStart = null;
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "GC/SuspendEEStart"):
                    pauseStart = at;
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "GC/SuspendEEStop"):
                    if (pauseStart is { } suspending) trace.Suspensions.Add(new Span(suspending, at));
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "GC/Start"):
                    collectionStart = at;
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "GC/Stop"):
                    if (collectionStart is { } collecting) trace.Collections.Add(new Span(collecting, at));
                    collectionStart = null;
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "GC/RestartEEStop"):
                    if (pauseStart is { } suspended) trace.Pauses.Add(new Span(suspended, at));
                    pauseStart = null;
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "Method/JittingStarted"):
                    trace.Jits.Add(at);
                    break;
                case ("Microsoft-Windows-DotNETRuntime", var poolEvent) when poolEvent.StartsWith("ThreadPoolWorkerThread/", StringComparison.Ordinal)
                    && !poolEvent.EndsWith("/Wait", StringComparison.Ordinal) && !poolEvent.Contains("Sample", StringComparison.Ordinal):
                    trace.PoolThreads.Add(at);
                    break;
                case ("Microsoft-Windows-DotNETRuntime", "Contention/Start"):
                    trace.Contentions.Add(at);
                    break;
            }
        };
        source.Clr.All += handle;      // the runtime's events, parsed by TraceEvent's own manifest
        source.Dynamic.All += handle;  // EventSources (Kestrel, HttpClient), parsed from the metadata in the trace
        source.Process();
        foreach (var spans in new[] { trace.Requests, trace.Forwards, trace.Pauses, trace.Suspensions, trace.Collections }) spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var moments in new[] { trace.Jits, trace.PoolThreads, trace.Contentions }) moments.Sort();
        return trace;
    }

    static string RequestKey(TraceEvent e) => $"{e.PayloadByName("connectionId")}/{e.PayloadByName("requestId")}";
}

readonly record struct Span(double Start, double End)
{
    public double Length => End - Start;
    public bool Overlaps(double from, double to) => Start < to && End > from;
}

static class MonotonicClock
{
    /// <summary>EventPipe on Linux stamps events with CLOCK_MONOTONIC in nanoseconds, the clock every process on the
    /// machine shares: the one stamp comparable across two traces (TraceEvent's own times are relative to each trace).</summary>
    public static double Microseconds(TraceEvent e)
    {
#pragma warning disable CS0618 // "discouraged", for the reason above
        return e.TimeStampQPC / 1000.0;
#pragma warning restore CS0618
    }
}
