/// <summary>The slow 1 %: where their time went beyond a typical request's, and what else the processes did meanwhile.</summary>
sealed class Report(string title, List<Cycle> cycles, string[] segments, (string Name, ProcessTrace Trace)[] processes)
{
    readonly double[] totals = cycles.Select(c => c.Total).Order().ToArray();

    readonly double[] medians = Enumerable.Range(0, segments.Length)
        .Select(s => Percentile(cycles.Select(c => c.Segments[s]).Order().ToArray(), 0.5)).ToArray();

    double SlowFrom => Percentile(totals, 0.99);

    public void Write(TextWriter output)
    {
        var slowFrom = SlowFrom;
        var slow = cycles.Where(c => c.Total >= slowFrom).ToList();
        output.WriteLine($"### {title}: {cycles.Count:N0} requests, the slowest {slow.Count} (≥ {slowFrom:F0} µs)");
        output.WriteLine();
        output.WriteLine($"Whole request (from the end of the one before): p50 {Percentile(totals, 0.5):F0} µs, p90 {Percentile(totals, 0.9):F0}, p99 {slowFrom:F0}, p99.9 {Percentile(totals, 0.999):F0}, max {totals[^1]:F0}.");
        output.WriteLine();
        WhereTheTimeWent(output, slow);
        WhatElseRan(output, slow);
        Pauses(output);
        Slowest(output);
    }

    void WhereTheTimeWent(TextWriter output, List<Cycle> slow)
    {
        var medianTotal = Percentile(totals, 0.5);
        var excess = slow.Sum(c => c.Total - medianTotal);
        output.WriteLine("| part of the request | p50 µs | p99 µs | of the slow requests' time beyond a median request | slow requests it took the most of |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        for (var s = 0; s < segments.Length; s++)
        {
            var ordered = cycles.Select(c => c.Segments[s]).Order().ToArray();
            var beyond = slow.Sum(c => Math.Max(0, c.Segments[s] - medians[s]));
            var most = slow.Count(c => Enumerable.Range(0, segments.Length).MaxBy(i => c.Segments[i] - medians[i]) == s);
            output.WriteLine($"| {segments[s]} | {medians[s]:F0} | {Percentile(ordered, 0.99):F0} | {100 * beyond / excess:F0} % | {most} |");
        }
        output.WriteLine();
    }

    void WhatElseRan(TextWriter output, List<Cycle> slow)
    {
        var overlaps = processes.SelectMany(p => new (string, Func<Cycle, bool>)[]
        {
            ($"{p.Name}: a GC pause", c => p.Trace.Pauses.Any(pause => pause.Overlaps(c.From, c.To))),
            ($"{p.Name}: a method JIT-compiled", c => Any(p.Trace.Jits, c)),
            ($"{p.Name}: a pool thread started, retired or the pool resized", c => Any(p.Trace.PoolThreads, c)),
            ($"{p.Name}: a lock contended", c => Any(p.Trace.Contentions, c)),
        }).ToList();
        output.WriteLine("| during the request | of the slow requests | of all requests |");
        output.WriteLine("|---|---:|---:|");
        foreach (var (what, during) in overlaps)
            output.WriteLine($"| {what} | {Share(slow, during)} | {Share(cycles, during)} |");
        Func<Cycle, bool> none = c => !overlaps.Any(o => o.Item2(c));
        output.WriteLine($"| none of these | {Share(slow, none)} | {Share(cycles, none)} |");
        output.WriteLine();
    }

    void Pauses(TextWriter output)
    {
        var span = (cycles[^1].To - cycles[0].From) / 1e6;
        foreach (var (name, trace) in processes)
        {
            var lengths = LengthsDuringLoop(trace.Pauses);
            if (lengths.Length == 0) { output.WriteLine($"{name}: no GC in {span:F1} s."); continue; }
            output.WriteLine($"{name}: {lengths.Length} GC pauses in {span:F1} s, median {Percentile(lengths, 0.5):F0} µs, longest {lengths[^1]:F0} µs; "
                + $"of which suspending the threads {Median(trace.Suspensions)} µs and the collection {Median(trace.Collections)} µs at the median.");
        }
        output.WriteLine();
    }

    /// <summary>The lengths of the spans that overlap the loop, shortest first.</summary>
    double[] LengthsDuringLoop(List<Span> spans) =>
        spans.Where(p => p.Overlaps(cycles[0].From, cycles[^1].To)).Select(p => p.Length).Order().ToArray();

    double Median(List<Span> spans)
    {
        var lengths = LengthsDuringLoop(spans);
        return lengths.Length == 0 ? 0 : Math.Round(Percentile(lengths, 0.5));
    }

    void Slowest(TextWriter output)
    {
        output.WriteLine($"The ten slowest (µs): total = {string.Join(" + ", segments)}");
        output.WriteLine();
        foreach (var c in cycles.OrderByDescending(c => c.Total).Take(10))
            output.WriteLine($"- {c.Total:F0} = {string.Join(" + ", c.Segments.Select(s => s.ToString("F0")))}");
        output.WriteLine();
    }

    /// <summary>Per slow request, its part furthest beyond that part's median: name, start and end (µs, monotonic).</summary>
    public void WriteSlowHops(string path)
    {
        using var file = new StreamWriter(path);
        var slowFrom = SlowFrom;
        foreach (var c in cycles.Where(c => c.Total >= slowFrom))
        {
            var worst = Enumerable.Range(0, segments.Length).MaxBy(s => c.Segments[s] - medians[s]);
            var start = c.From + c.Segments.Take(worst).Sum();
            file.WriteLine($"{segments[worst]}\t{start:F1}\t{start + c.Segments[worst]:F1}");
        }
    }

    static bool Any(List<double> moments, Cycle c)
    {
        var i = moments.BinarySearch(c.From);
        if (i < 0) i = ~i;
        return i < moments.Count && moments[i] <= c.To;
    }

    static string Share(List<Cycle> of, Func<Cycle, bool> predicate) => $"{100.0 * of.Count(predicate) / of.Count:F1} %";

    static double Percentile(double[] ordered, double q) => ordered[Math.Min(ordered.Length - 1, (int)(q * ordered.Length))];
}
