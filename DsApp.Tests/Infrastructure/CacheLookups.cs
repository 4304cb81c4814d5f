using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.Infrastructure;

/// <summary>This host's prediction cache hits and misses (<c>dsapp.prediction.cache.lookups</c>; the meter of another host in the same process is not counted).</summary>
public sealed class CacheLookups : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _hits, _misses;

    public CacheLookups(ModelWorkerHost host)
    {
        var meter = host.Factory.Services.GetRequiredService<IMeterFactory>().Create("DsApp.ModelWorker");
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "dsapp.prediction.cache.lookups") l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key != "result") continue;
                if ((string)tag.Value! == "hit") Interlocked.Add(ref _hits, value);
                else Interlocked.Add(ref _misses, value);
            }
        });
        _listener.Start();
    }

    public (long Hits, long Misses) Counts => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    public void Reset()
    {
        Interlocked.Exchange(ref _hits, 0);
        Interlocked.Exchange(ref _misses, 0);
    }

    public void Dispose() => _listener.Dispose();
}
