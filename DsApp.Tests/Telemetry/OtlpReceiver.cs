using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) endpoint on a loopback port that keeps every span and metric the
/// services export, so tests prove what really left the processes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly ConcurrentQueue<ExportedMetric> _metrics = new();
    private readonly ConcurrentQueue<string> _decodeErrors = new();
    private WebApplication? _app;

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
            return await DecodeAsync(request, body => { foreach (var span in OtlpDecoder.Spans(body)) _spans.Enqueue(span); });
        });
        _app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            return await DecodeAsync(request, body => { foreach (var metric in OtlpDecoder.Metrics(body)) _metrics.Enqueue(metric); });
        });
        _app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        await _app.StartAsync();
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
                    + (_decodeErrors.IsEmpty ? "" : "; exports that could not be read: " + string.Join("; ", _decodeErrors)));
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
                throw new TimeoutException($"No metric {name} from {service}; seen: " + string.Join(", ", _metrics.Where(m => m.Service == service).Select(m => m.Name).Distinct()));
            await Task.Delay(200);
        }
    }

    /// <summary>Reads one export; one this receiver cannot read is answered 400 and kept, so a waiting test reports it.</summary>
    private async Task<IResult> DecodeAsync(HttpRequest request, Action<byte[]> keep)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        try
        {
            keep(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        }
        catch (Exception e) when (e is InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException or FormatException)
        {
            _decodeErrors.Enqueue($"{request.Path}: {e.Message}");
            return Results.BadRequest();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
