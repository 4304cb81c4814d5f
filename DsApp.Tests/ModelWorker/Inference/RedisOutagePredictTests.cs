using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>
/// The model worker after its real Redis stopped. Redis holds only what can be rebuilt (cached predictions, the job queue,
/// change events): predictions answer at their usual speed as cache misses, and readiness says degraded with a 200, so a
/// load balancer keeps the replica.
/// </summary>
public sealed class RedisOutagePredictTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RedisServerFixture _redis = new();
    private readonly FolderPlace _place = new();
    private FaultyModelWorkerHost _host = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _host = new FaultyModelWorkerHost(_place, _redis.ConnectionString);
        await _host.Client.CreateModelForAsync("outage", OnnxFixtures.Load("iris-logreg"));
        await _host.Client.ImportOnnxAsync("outage", 1, OnnxFixtures.File("iris-logreg"));
        // Answered once with Redis up: the prediction cache is on and in use.
        using (var first = await _host.Client.PredictAsync("outage", ModelApiClient.IrisRow)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await _redis.StopAsync();
        var connection = _host.Services.GetRequiredService<IConnectionMultiplexer>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (connection.IsConnected && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(connection.IsConnected, "the client did not notice Redis stopping");
    }

    [Fact]
    public async Task Fifty_predictions_without_redis_answer_200_with_a_p99_under_half_a_second()
    {
        // Rows never asked before: each one looks in the cache and misses.
        var rows = Enumerable.Range(0, 50).Select(i =>
            $$"""{"sepal_length":{{(5 + i * 0.01).ToString(CultureInfo.InvariantCulture)}},"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}""");
        var durations = new ConcurrentBag<TimeSpan>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (row, _) =>
        {
            var clock = Stopwatch.StartNew();
            using var answer = await _host.Client.PredictAsync("outage", row);
            durations.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        });

        var sorted = durations.Order().ToList();
        var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
        output.WriteLine($"without Redis: p50 {sorted[sorted.Count / 2].TotalMilliseconds:F1} ms, p99 {p99.TotalMilliseconds:F1} ms");
        Assert.True(p99 < TimeSpan.FromMilliseconds(500), $"p99 {p99.TotalMilliseconds:F0} ms; slowest {sorted[^1].TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Readiness_answers_200_degraded_naming_redis_without_waiting_for_it()
    {
        var clock = Stopwatch.StartNew();
        using var response = await _host.Client.GetAsync("/health");
        var elapsed = clock.Elapsed;

        var health = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, health.ToString());
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        var checks = health.GetProperty("checks");
        Assert.Equal("degraded", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("object-store").GetProperty("status").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"/health took {elapsed}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
        _place.Dispose();
    }
}
