using Microsoft.AspNetCore.Hosting;

namespace DsApp.Tests.ServiceDefaults.Telemetry;

/// <summary><c>/metrics</c> for operators without an OTLP collector: off by default, on by <c>Telemetry:Prometheus</c>.</summary>
[Collection(IngestAppCollection.Name)]
public sealed class PrometheusEndpointTests(IngestAppFixture app)
{
    [Fact]
    public async Task Metrics_are_not_served_by_default()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task When_turned_on_the_scrape_shows_the_contract_metrics_after_an_upload()
    {
        await using var scraped = app.WithWebHostBuilder(web => web.UseSetting("Telemetry:Prometheus", "true"));
        using var client = scraped.CreateClient(); // the fixture's client settings (the gateway's secret) apply
        using var upload = await client.PostCsvAsync("scraped", "x,y\n1,2\n3,4\n");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        var text = await ScrapeUntilAsync(client, "dsapp_ingest_rows");
        Assert.Contains("dsapp_ingest_rows", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Routing_and_connection_pool_detail_is_recorded_only_when_asked_for(bool detailed)
    {
        await using var scraped = app.WithWebHostBuilder(web => web
            .UseSetting("Telemetry:Prometheus", "true").UseSetting("Telemetry:DetailedHttpMetrics", detailed ? "true" : "false"));
        using var client = scraped.CreateClient();
        (await client.GetAsync("/api/datasets")).EnsureSuccessStatusCode();

        var text = await ScrapeUntilAsync(client, "http_server_request_duration_seconds");
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Equal(detailed, text.Contains("aspnetcore_routing_match_attempts", StringComparison.Ordinal));
    }

    /// <summary>The exporter serves what was collected at the last scrape; the first scrape may predate the request's metrics.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient client, string metric)
    {
        var text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains(metric, StringComparison.Ordinal); attempt++)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
            text = await response.Content.ReadAsStringAsync();
            if (!text.Contains(metric, StringComparison.Ordinal)) await Task.Delay(500);
        }
        return text;
    }
}
