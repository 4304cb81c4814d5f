using System.Diagnostics;
using System.Text.Json;
using DsApp.Ingest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DsApp.Tests.Ingest.Events;

/// <summary>The ingest service with its Redis gone (nothing listens on the port it was given).</summary>
public sealed class RedisOutageTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("dsapp-ingest-outage-").FullName;
    private readonly WebApplicationFactory<IngestService> _app;

    public RedisOutageTests()
    {
        var deadPort = FreePort.Next();
        _app = new WebApplicationFactory<IngestService>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:cache", $"127.0.0.1:{deadPort},connectTimeout=500");
            builder.UseSetting("Storage:Path", _store);
            builder.UseEnvironment("Testing");
            builder.BehindTestGateway();
        });
    }

    [Fact]
    public async Task Uploads_still_commit_because_events_are_only_a_hint_and_the_store_is_the_record()
    {
        using var client = _app.CreateClient().AsGateway();
        // The first upload also starts the service and its Redis client (which gives up connecting after 500 ms).
        using var first = await client.PostCsvAsync("no-redis-first", "a\n1\n");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var clock = Stopwatch.StartNew();
        using var response = await client.PostCsvAsync("no-redis", "a\n1\n");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the upload waited {clock.Elapsed} on the missing Redis");
    }

    [Fact]
    public async Task An_idempotent_post_needs_redis_and_answers_503_with_retry_after_without_it()
    {
        using var client = _app.CreateClient().AsGateway();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets?id=needs-redis") { Content = IngestClient.Body("a\n1\n", "text/csv") };
        request.Headers.Add("Idempotency-Key", "k");
        using var response = await client.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain(Directory.EnumerateFiles(_store, "*", SearchOption.AllDirectories), f => f.Contains("needs-redis"));
    }

    [Fact]
    public async Task Health_stays_200_degraded_naming_redis_and_answers_without_waiting_for_it()
    {
        using var client = _app.CreateClient();
        // The first request also starts the service and its Redis client (which gives up connecting after 500 ms).
        using (await client.GetAsync("/alive")) { }
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/health");
        var elapsed = clock.Elapsed;

        // Redis holds only what can be rebuilt: uploads still commit, so the load balancer keeps the replica.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("degraded", health.RootElement.GetProperty("status").GetString());
        var redis = health.RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("degraded", redis.GetProperty("status").GetString());
        Assert.Contains("not connected", redis.GetProperty("description").GetString());
        Assert.Equal("healthy", health.RootElement.GetProperty("checks").GetProperty("object-store").GetProperty("status").GetString());
        // A check that waited for Redis would wait out its 5 s command timeout; 3 s leaves room for a loaded machine.
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"/health took {elapsed}");
    }

    public void Dispose()
    {
        _app.Dispose();
        try { Directory.Delete(_store, recursive: true); } catch (IOException) { }
    }
}
