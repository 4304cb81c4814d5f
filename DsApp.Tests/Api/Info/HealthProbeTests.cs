using System.Diagnostics;
using System.Text.Json;
using DsApp.Api.Info;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Api.Info;

/// <summary>
/// The gateway's <c>/health</c> and <c>/info</c> ask each service once and answer within a load balancer's 5 s:
/// a service answering 503 is unhealthy (asked once, not retried), one that never answers is down after the
/// probe's timeout.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task A_service_answering_503_is_reported_unhealthy_after_one_request()
    {
        await using var worker = await HealthBackend.StartAsync(answers: true);
        using var gateway = GatewayHost.With(("services:modelworker:http:0", worker.Address));
        using var client = gateway.Client();

        using var info = JsonDocument.Parse(await client.GetStringAsync("/info"));

        Assert.Equal("unhealthy", StatusOf(info, "modelworker"));
        Assert.Equal(1, worker.Requests);
    }

    [Fact]
    public async Task A_service_that_never_answers_is_reported_down_before_a_load_balancer_gives_up()
    {
        await using var worker = await HealthBackend.StartAsync(answers: false);
        using var gateway = GatewayHost.With(("services:modelworker:http:0", worker.Address));
        using var client = gateway.Client();

        var clock = Stopwatch.StartNew();
        using var health = await client.GetAsync("/health");
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("modelworker is down", await health.Content.ReadAsStringAsync());
        Assert.Equal(1, worker.Requests);
        Assert.InRange(elapsed, ServiceStatusProbe.Timeout, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_service_answering_degraded_keeps_the_gateway_ready_and_is_reported_degraded()
    {
        await using var worker = await HealthBackend.StartAsync(answers: true, status: "degraded");
        await using var ingest = await HealthBackend.StartAsync(answers: true, status: "healthy");
        using var gateway = GatewayHost.With(("services:modelworker:http:0", worker.Address), ("services:ingest:http:0", ingest.Address));
        using var client = gateway.Client();

        using var health = await client.GetAsync("/health");
        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var report = JsonDocument.Parse(body);
        Assert.Equal("degraded", report.RootElement.GetProperty("status").GetString());
        Assert.Contains("modelworker is degraded", body);

        using var info = JsonDocument.Parse(await client.GetStringAsync("/info"));
        Assert.Equal("degraded", StatusOf(info, "modelworker"));
        Assert.Equal("healthy", StatusOf(info, "ingest"));
    }

    private static string? StatusOf(JsonDocument info, string service) =>
        info.RootElement.GetProperty("services").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == service).GetProperty("status").GetString();

    /// <summary>A real HTTP server standing in for a service's <c>/health</c>: it answers its status (503 when unhealthy), or never.</summary>
    private sealed class HealthBackend : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;
        private HealthBackend(WebApplication app, string address) => (_app, Address) = (app, address);
        public string Address { get; }
        public int Requests => Volatile.Read(ref _requests);

        public static async Task<HealthBackend> StartAsync(bool answers, string status = "unhealthy")
        {
            var address = $"http://127.0.0.1:{FreePort.Next()}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(address);
            var app = builder.Build();
            HealthBackend backend = new(app, address);
            app.MapGet("/health", async (CancellationToken aborted) =>
            {
                Interlocked.Increment(ref backend._requests);
                if (!answers) await Task.Delay(Timeout.Infinite, aborted);
                return Results.Json(new { service = "DsApp.ModelWorker", version = "1.0.0", status, checks = new { } }, statusCode: status == "unhealthy" ? 503 : 200);
            });
            await app.StartAsync();
            return backend;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
