namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>Reading the shape of a trace from its exported spans.</summary>
public static class ExportedTrace
{
    /// <summary>True when <paramref name="span"/> sits below <paramref name="ancestor"/> in <paramref name="trace"/>.</summary>
    public static bool Descends(this ExportedSpan span, ExportedSpan ancestor, IReadOnlyList<ExportedSpan> trace)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            if (parent.SpanId == ancestor.SpanId) return true;
        }
        return false;
    }
}
