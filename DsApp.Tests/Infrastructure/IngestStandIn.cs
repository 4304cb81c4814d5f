using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on loopback that answers the three ingest endpoints the worker uses, as the contract shapes them
/// (GET dataset, GET content as CSV, PUT CSV), over CSVs the tests make. In-process tests use it until they run against
/// the real ingest service in the distributed tests.
/// </summary>
public sealed class IngestStandIn : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (string Csv, TimeSpan Delay)> _datasets = new();
    private WebApplication? _app;

    public string BaseAddress { get; private set; } = "";

    public void Add(string id, string csv, TimeSpan delay = default) => _datasets[id] = (csv, delay);

    public string? Csv(string id) => _datasets.TryGetValue(id, out var d) ? d.Csv : null;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/api/datasets/{id}", (string id) =>
            _datasets.TryGetValue(id, out var d) ? Results.Json(Describe(id, d.Csv)) : Results.Problem(statusCode: 404));
        _app.MapGet("/api/datasets/{id}/content", async (string id, HttpContext http) =>
        {
            if (!_datasets.TryGetValue(id, out var d)) return Results.Problem(statusCode: 404);
            if (d.Delay > TimeSpan.Zero) await Task.Delay(d.Delay, http.RequestAborted);
            return Results.Text(d.Csv, "text/csv");
        });
        _app.MapPut("/api/datasets/{id}", async (string id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var csv = await reader.ReadToEndAsync();
            var created = !_datasets.ContainsKey(id);
            _datasets[id] = (csv, TimeSpan.Zero);
            return Results.Json(Describe(id, csv), statusCode: created ? 201 : 200);
        });
        await _app.StartAsync();
        BaseAddress = _app.Urls.First();
    }

    /// <summary>The dataset as ingest describes it: each column's type inferred from its values, with its distinct count.</summary>
    private static object Describe(string id, string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var columns = header.Select((name, i) =>
        {
            var values = rows.Select(r => r[i]).Where(v => v.Length > 0).ToList();
            var type = values.All(v => v is "true" or "false") ? "boolean"
                : values.All(v => long.TryParse(v, out _)) ? "integer"
                : values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? "number"
                : "string";
            return new { name, type, nullable = values.Count < rows.Count, missing = rows.Count - values.Count, distinct = values.Distinct().Count() };
        }).ToList();
        return new { id, name = id, label = (string?)null, version = 1, format = "csv", rowCount = rows.Count, columns };
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
