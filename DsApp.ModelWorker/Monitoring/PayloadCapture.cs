using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.Platform.Storage;
using Microsoft.Extensions.Options;
using DsApp.ModelWorker.Inference;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>
/// Payload capture. The prediction pipeline (REST predict and Open Inference Protocol infer alike) only samples and <see cref="Offer"/>s to a bounded channel (a full channel drops the
/// row and counts it); this background writer writes a queued row within <see cref="MonitoringOptions.CaptureFlushInterval"/>
/// (sooner when a batch is full), and sleeps while nothing is queued, into <c>captures/{model folder}/{version}/{yyyyMMddHH}-{instance}-{seq}.ndjson</c> objects.
/// A store failure loses the captured rows (counted), never a request.
/// </summary>
public sealed class PayloadCapture : BackgroundService, IPredictionObserver
{
    public const string Prefix = "captures/";

    private readonly Channel<CapturedPrediction> _queue;
    private readonly IObjectStore _store;
    private readonly MonitoringOptions _options;
    private readonly MonitoringMetrics _metrics;
    private readonly ILogger<PayloadCapture> _logger;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly string _instance = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    private long _sequence;
    private int _queuedRows;

    public PayloadCapture(IObjectStore store, IOptions<MonitoringOptions> options, MonitoringMetrics metrics, ILogger<PayloadCapture> logger)
    {
        _store = store;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<CapturedPrediction>(new BoundedChannelOptions(Math.Max(1, _options.CaptureQueueRows / 10))
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refused, never waited for
            SingleReader = true,
        });
    }

    public static string ModelPrefix(string folder, int version) => $"{Prefix}{folder}/{version.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>Samples at the model's rate and queues without waiting.</summary>
    public void Offer(Model model, int version, ColumnTable inputs, byte[][] answers) => Offer(model, version, inputs, () => answers);

    /// <summary>
    /// Called by the prediction pipeline: samples at the model's rate and queues without waiting. The answers (one JSON
    /// object per row) are made only for a request that is sampled.
    /// </summary>
    public void Offer(Model model, int version, ColumnTable inputs, Func<byte[][]> answers)
    {
        if (model.Capture is not { } rule || Random.Shared.Next(100) >= rule.Percent) return;
        if (Volatile.Read(ref _queuedRows) + inputs.RowCount > _options.CaptureQueueRows
            || !_queue.Writer.TryWrite(new CapturedPrediction(model.Name, model.Folder, version, DateTimeOffset.UtcNow, inputs, answers())))
        {
            _metrics.Dropped(model.Name, inputs.RowCount, "queue-full");
            return;
        }
        Interlocked.Add(ref _queuedRows, inputs.RowCount);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Asleep while nothing is captured: no timer wakes an idle worker. Once a row is queued, it is written within the
        // flush interval, or as soon as a batch is full (looked at every 250 ms at most).
        var tick = TimeSpan.FromTicks(Math.Min(_options.CaptureFlushInterval.Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var due = DateTime.UtcNow + _options.CaptureFlushInterval;
                while (Volatile.Read(ref _queuedRows) < _options.CaptureBatchRows && DateTime.UtcNow < due)
                    await Task.Delay(tick, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await FlushAsync(CancellationToken.None); // what was captured before the stop
    }

    /// <summary>Writes every queued row now (drift calls it so its window includes this replica's latest rows).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var pending = new List<CapturedPrediction>();
            while (_queue.Reader.TryRead(out var item))
            {
                pending.Add(item);
                Interlocked.Add(ref _queuedRows, -item.Inputs.RowCount);
            }
            foreach (var group in pending.GroupBy(p => (p.Model, p.Folder, p.Version, Hour: p.At.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture))))
            {
                var rows = 0;
                var buffer = new ArrayBufferWriter<byte>();
                foreach (var item in group)
                {
                    rows += Write(buffer, item);
                    if (rows >= _options.CaptureBatchRows)
                    {
                        await PutAsync(group.Key.Model, group.Key.Folder, group.Key.Version, group.Key.Hour, buffer, rows, cancellationToken);
                        buffer = new ArrayBufferWriter<byte>();
                        rows = 0;
                    }
                }
                if (rows > 0) await PutAsync(group.Key.Model, group.Key.Folder, group.Key.Version, group.Key.Hour, buffer, rows, cancellationToken);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task PutAsync(string model, string folder, int version, string hour, ArrayBufferWriter<byte> lines, int rows, CancellationToken cancellationToken)
    {
        var key = $"{ModelPrefix(folder, version)}{hour}-{_instance}-{Interlocked.Increment(ref _sequence).ToString("D8", CultureInfo.InvariantCulture)}.ndjson";
        try
        {
            using var content = new MemoryStream(lines.WrittenMemory.ToArray());
            await _store.PutAsync(key, content, "application/x-ndjson", cancellationToken);
            _metrics.Captured(model, rows);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _logger.LogWarning(error, "Could not write {Rows} captured rows of {Model} version {Version}", rows, model, version);
            _metrics.Dropped(model, rows, "store-failure");
        }
    }

    /// <summary>One line per row: <c>{"at", "version", "input": {feature: value}, "output": answer}</c>.</summary>
    private static int Write(ArrayBufferWriter<byte> buffer, CapturedPrediction item)
    {
        var at = item.At.ToString("O", CultureInfo.InvariantCulture);
        for (var row = 0; row < item.Inputs.RowCount; row++)
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("at", at);
                json.WriteNumber("version", item.Version);
                json.WriteStartObject("input");
                foreach (var column in item.Inputs.Columns)
                {
                    switch (column.Kind)
                    {
                        case ColumnKind.Number when float.IsFinite(column.Numbers![row]): json.WriteNumber(column.Name, column.Numbers[row]); break;
                        case ColumnKind.Number: json.WriteNull(column.Name); break;
                        case ColumnKind.Text: json.WriteString(column.Name, column.Texts![row].Span); break;
                        case ColumnKind.Boolean: json.WriteBoolean(column.Name, column.Booleans![row]); break;
                        default: break; // a label key column is not an input
                    }
                }
                json.WriteEndObject();
                json.WritePropertyName("output");
                json.WriteRawValue(item.Answers[row], skipInputValidation: true);
                json.WriteEndObject();
            }
            buffer.Write("\n"u8);
        }
        return item.Inputs.RowCount;
    }
}
