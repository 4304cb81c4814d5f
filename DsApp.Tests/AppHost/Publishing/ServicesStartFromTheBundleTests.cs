using System.Security.Cryptography;
using System.Text;
using DsApp.AppHost.Publishing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// Each service started in process in Production with exactly what the bundle gives it (its environment
/// properties and its compose entry), the empty ones filled as the operator would with eb setenv: it must
/// start, which proves every setting it requires is there; left empty, it must stop naming the key.
/// </summary>
public sealed class ServicesStartFromTheBundleTests(PublishedModel app) : IClassFixture<PublishedModel>
{
    private const string AdminKey = "an-admin-key-set-with-eb-setenv-0001";

    private static string Fill(EnvironmentProperty property) => property.Name switch
    {
        "ConnectionStrings__cache" => "127.0.0.1:1,abortConnect=false",
        "Gateway__InternalSecret" => "an-internal-secret-set-with-eb-setenv",
        "Gateway__ApiKeys__admin__Hash" => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))),
        _ => property.Value,
    };

    private async Task<WebApplicationFactory<T>> StartAsync<T>(string service, bool filled) where T : class
    {
        var bundle = await app.BundleAsync();
        var compose = bundle.Services.Single(s => s.Name == service);
        var settings = bundle.EnvironmentProperties.Concat(compose.Environment)
            .Select(p => (Key: p.Name.Replace("__", ":"), Value: filled && p.Value.Length == 0 ? Fill(p) : p.Value)).ToList();
        return new WebApplicationFactory<T>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("modelworker")]
    [InlineData("api")]
    public async Task Each_service_starts_in_production_with_only_the_bundles_settings(string service)
    {
        using var factory = service switch
        {
            "ingest" => (IDisposable)await StartAsync<DsApp.Ingest.IngestService>(service, filled: true),
            "modelworker" => await StartAsync<DsApp.ModelWorker.ModelWorkerService>(service, filled: true),
            _ => await StartAsync<DsApp.Api.ApiService>(service, filled: true),
        };
        using var client = factory switch
        {
            WebApplicationFactory<DsApp.Ingest.IngestService> f => f.CreateClient(),
            WebApplicationFactory<DsApp.ModelWorker.ModelWorkerService> f => f.CreateClient(),
            WebApplicationFactory<DsApp.Api.ApiService> f => f.CreateClient(),
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        // The load balancer's health path exists in Production (503 here: nothing behind it is reachable).
        Assert.NotEqual(HttpStatusCode.NotFound, (await client.GetAsync(ElasticBeanstalkBundle.HealthPath)).StatusCode);
    }

    [Fact]
    public async Task A_service_whose_secrets_were_not_set_stops_at_start_naming_the_key()
    {
        using var factory = await StartAsync<DsApp.Ingest.IngestService>("ingest", filled: false);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Matches("Gateway:InternalSecret|Gateway:ApiKeys:admin:Hash|ConnectionStrings:cache", error.ToString());
    }
}
