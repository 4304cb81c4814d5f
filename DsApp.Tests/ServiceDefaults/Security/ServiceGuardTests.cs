using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.ServiceDefaults.Security;

/// <summary>A service behind the gateway answers the gateway (its internal secret) or a valid key, and nobody else.</summary>
public sealed class ServiceGuardTests : IDisposable
{
    private const string Secret = "internal-secret-for-service-guard-tests";
    private readonly string _store = Directory.CreateTempSubdirectory("dsapp-guard-store-").FullName;

    private WebApplicationFactory<DsApp.Ingest.IngestService> Ingest(string environment = "Development", string? secret = Secret) =>
        new WebApplicationFactory<DsApp.Ingest.IngestService>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("ConnectionStrings:cache", "127.0.0.1:1,abortConnect=false");
            web.UseSetting("Storage:Path", _store);
            if (secret is not null) web.UseSetting("Gateway:InternalSecret", secret);
            web.UseSetting("Gateway:ApiKeys:reader:Hash", ApiKeyHash.Of(GatewayHost.ReaderKey));
            web.UseSetting("Gateway:ApiKeys:reader:Role", "reader");
        });

    [Fact]
    public async Task A_call_around_the_gateway_without_the_secret_or_a_key_is_refused()
    {
        using var ingest = Ingest();
        using var client = ingest.CreateClient();
        using var response = await client.GetAsync("/api/datasets");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
        wrong.Headers.Add(InternalCall.Header, "not-the-secret-not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        // Its own document too: only the gateway reads it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/service.json")).StatusCode);
    }

    [Fact]
    public async Task The_gateway_s_secret_or_a_key_with_the_role_gets_through()
    {
        using var ingest = Ingest();
        using var client = ingest.CreateClient();
        using var fromGateway = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
        fromGateway.Headers.Add(InternalCall.Header, Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(fromGateway)).StatusCode);

        using var document = new HttpRequestMessage(HttpMethod.Get, "/openapi/service.json");
        document.Headers.Add(InternalCall.Header, Secret);
        using var documentResponse = await client.SendAsync(document);
        Assert.Equal(HttpStatusCode.OK, documentResponse.StatusCode);
        Assert.Contains("\"openapi\": \"3.1", await documentResponse.Content.ReadAsStringAsync());

        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayHost.ReaderKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/datasets/iris")).StatusCode);
    }

    [Fact]
    public async Task The_load_balancer_s_probes_stay_open()
    {
        using var ingest = Ingest();
        using var client = ingest.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public void Outside_development_a_service_without_the_secret_does_not_start()
    {
        using var ingest = Ingest("Production", secret: null);
        var error = Assert.Throws<OptionsValidationException>(() => ingest.CreateClient());
        Assert.Contains("Gateway:InternalSecret", error.Message);
    }

    public void Dispose() => Directory.Delete(_store, recursive: true);
}
