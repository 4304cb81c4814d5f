using System.Text.Json;

namespace DsApp.Tests.Stack;

/// <summary>Its own app: stopping a service must not disturb the tests sharing the main one.</summary>
[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "an app whose services are stopped";
}

[Collection(OutageCollection.Name)]
public sealed class ServiceOutageTests(OutageFixture app)
{
    [Fact]
    public async Task A_stopped_service_makes_its_routes_answer_503_with_retry_after_and_info_report_it_down()
    {
        using var gateway = app.CreateGatewayClient();
        // The service dies as a crash would take it: its whole process tree, at once.
        await app.KillAsync("ingest", TimeSpan.FromSeconds(60));

        using var response = await gateway.GetAsync("/api/datasets");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        using (var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("ingest", problem.RootElement.GetProperty("detail").GetString());
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        }

        using (var info = JsonDocument.Parse(await gateway.GetStringAsync("/info")))
        {
            var statuses = info.RootElement.GetProperty("services").EnumerateArray()
                .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString());
            Assert.Equal("down", statuses["ingest"]);
            Assert.Equal("healthy", statuses["modelworker"]);
        }
        // Readiness answers from a report kept for a moment (Health:CacheDuration): the next one says the service is down.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpStatusCode ready;
        while ((ready = (await gateway.GetAsync("/health")).StatusCode) != HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        // The other service's routes are untouched.
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/models")).StatusCode);

        await app.RestartAsync("ingest", TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/datasets")).StatusCode);
    }
}
