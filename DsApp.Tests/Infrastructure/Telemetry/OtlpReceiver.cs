using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) endpoint on a loopback port that keeps every span and metric the
/// services export, so tests prove what really left the processes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly ConcurrentQueue<ExportedMetric> _metrics = new();
    private readonly ConcurrentQueue<string> _decodeErrors = new();
    private readonly ConcurrentQueue<ReceivedExport> _exports = new();
    private WebApplication? _app;
    private DateTime _startedAt;

    public string Endpoint { get; private set; } = "";

    public IReadOnlyCollection<ExportedSpan> Spans => _spans;
    public IReadOnlyCollection<ExportedMetric> Metrics => _metrics;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            return await DecodeAsync(request, body =>
            {
                var spans = OtlpDecoder.Spans(body).ToList();
                foreach (var span in spans) _spans.Enqueue(span);
                return spans.Select(s => s.Service);
            });
        });
        _app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            return await DecodeAsync(request, body =>
            {
                var metrics = OtlpDecoder.Metrics(body).ToList();
                foreach (var metric in metrics) _metrics.Enqueue(metric);
                return metrics.Select(m => m.Service);
            });
        });
        _app.MapPost("/v1/logs", async (HttpRequest request) => await DecodeAsync(request, OtlpDecoder.LogRecordServices));
        await _app.StartAsync();
        _startedAt = DateTime.UtcNow;
        Endpoint = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Waits until the exported spans satisfy <paramref name="condition"/>; fails with what was seen.</summary>
    public async Task<IReadOnlyList<ExportedSpan>> WaitForSpansAsync(Func<IReadOnlyList<ExportedSpan>, bool> condition, Func<ExportedSpan, bool> filter, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = _spans.Where(filter).ToList();
            if (condition(spans)) return spans;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Spans seen: " + string.Join("; ", spans.Select(s => $"{s.Service}/{s.Scope}: {s.Name}"))
                    + (_decodeErrors.IsEmpty ? "" : "; exports that could not be read: " + string.Join("; ", _decodeErrors))
                    + "\n" + ExportSummary());
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until a metric of that name has been exported by that service and returns its exports.</summary>
    public async Task<IReadOnlyList<ExportedMetric>> WaitForMetricAsync(string service, string name, TimeSpan timeout, Func<ExportedMetric, bool>? condition = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = _metrics.Where(m => m.Service == service && m.Name == name && (condition?.Invoke(m) ?? true)).ToList();
            if (found.Count > 0) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No metric {name} from {service}; seen: " + string.Join(", ", _metrics.Where(m => m.Service == service).Select(m => m.Name).Distinct())
                    + "\n" + ExportSummary());
            await Task.Delay(200);
        }
    }

    /// <summary>How many spans of <paramref name="service"/> each trace export held, in the order they arrived.</summary>
    public IReadOnlyList<int> TraceExportSizes(string service) =>
        _exports.Where(e => e.Path == "/v1/traces" && e.ItemsByService.ContainsKey(service)).Select(e => e.ItemsByService[service]).ToList();

    /// <summary>
    /// Per signal and service: how many exports arrived, the items they held, the last one's age and the slowest read,
    /// so a test that waited in vain tells "nothing arrived" from "it arrived, but not what the test looked for".
    /// </summary>
    public string ExportSummary()
    {
        var now = DateTime.UtcNow;
        var lines = _exports.SelectMany(e => e.ItemsByService.Select(pair => (e.At, e.Path, Service: pair.Key, Items: pair.Value, e.Bytes, e.Took)))
            .GroupBy(e => (e.Path, e.Service))
            .OrderBy(g => g.Key.Path).ThenBy(g => g.Key.Service)
            .Select(g => $"{g.Key.Path} {g.Key.Service}: {g.Count()} exports, {g.Sum(e => e.Items)} items, largest {g.Max(e => e.Bytes)} B, "
                + $"last {(now - g.Max(e => e.At)).TotalSeconds:F1} s ago, slowest read {g.Max(e => e.Took).TotalMilliseconds:F0} ms");
        return "Exports received (receiver up " + (now - _startedAt).TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " s):\n  " + string.Join("\n  ", lines);
    }

    /// <summary>Reads one export; one this receiver cannot read is answered 400 and kept, so a waiting test reports it.</summary>
    private async Task<IResult> DecodeAsync(HttpRequest request, Func<byte[], IEnumerable<string>> keep)
    {
        var at = DateTime.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        try
        {
            var services = keep(body.ToArray()).CountBy(service => service).ToDictionary();
            _exports.Enqueue(new ReceivedExport(at, request.Path, services, (int)body.Length, clock.Elapsed));
            return Results.Bytes([], "application/x-protobuf");
        }
        catch (Exception e) when (e is InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException or FormatException)
        {
            _decodeErrors.Enqueue($"{request.Path}: {e.Message}");
            return Results.BadRequest();
        }
    }

    private sealed record ReceivedExport(DateTime At, string Path, Dictionary<string, int> ItemsByService, int Bytes, TimeSpan Took);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
