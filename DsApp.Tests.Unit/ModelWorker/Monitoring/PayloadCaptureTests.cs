using System.Diagnostics.Metrics;
using DsApp.ModelWorker.Monitoring;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Unit.ModelWorker.Monitoring;

/// <summary>The capture writer on its own, on a real folder store.</summary>
public sealed class PayloadCaptureTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dsapp-capture-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _dropped = [];

    public PayloadCaptureTests()
    {
        var meter = _services.GetRequiredService<IMeterFactory>().Create("DsApp.ModelWorker");
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "dsapp.capture.dropped") l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "reason") lock (_dropped) _dropped[(string)tag.Value!] = _dropped.GetValueOrDefault((string)tag.Value!) + value;
        });
        _listener.Start();
    }

    [Fact]
    public async Task Rows_beyond_the_queue_are_dropped_and_counted_and_the_queued_ones_written_one_line_each()
    {
        var capture = Capture(new FileObjectStore(_root), queueRows: 3);
        capture.Offer(Model(100), 1, TwoRows(), TwoAnswers());
        capture.Offer(Model(100), 1, TwoRows(), TwoAnswers()); // 2 + 2 > 3
        await capture.FlushAsync(CancellationToken.None);

        Assert.Equal(2, _dropped.GetValueOrDefault("queue-full"));
        var lines = Directory.GetFiles(Path.Combine(_root, "captures", "m", "1"), "*.ndjson").SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("\"input\":{\"x\":1.5}", lines[0]);
        Assert.Contains("\"output\":{\"value\":1}", lines[0]);
    }

    [Fact]
    public async Task A_model_without_capture_queues_nothing()
    {
        var capture = Capture(new FileObjectStore(_root), queueRows: 100);
        capture.Offer(Model(null), 1, TwoRows(), TwoAnswers());
        await capture.FlushAsync(CancellationToken.None);
        Assert.False(Directory.Exists(Path.Combine(_root, "captures")));
    }

    [Fact]
    public async Task A_store_that_cannot_write_loses_the_captured_rows_counted_and_throws_nothing()
    {
        var store = new FileObjectStore(_root);
        await File.WriteAllTextAsync(Path.Combine(_root, "captures"), "a file where the capture folder would go");
        var capture = Capture(store, queueRows: 100);
        capture.Offer(Model(100), 1, TwoRows(), TwoAnswers());
        await capture.FlushAsync(CancellationToken.None);
        Assert.Equal(2, _dropped.GetValueOrDefault("store-failure"));
    }

    private PayloadCapture Capture(IObjectStore store, int queueRows) => new(store,
        Options.Create(new MonitoringOptions { CaptureQueueRows = queueRows }),
        new MonitoringMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<PayloadCapture>.Instance);

    private static Model Model(int? percent) => new("m", ModelTask.Regression, "y", ["x"], null, new Dictionary<string, int>(), [], null, 1,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "e", true, percent is null ? null : new CaptureRule(percent.Value));

    private static ColumnTable TwoRows() => new([TableColumn.Number("x", [1.5f, 2.5f])]);

    private static byte[][] TwoAnswers() => ["""{"value":1}"""u8.ToArray(), """{"value":2}"""u8.ToArray()];

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
