using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DsApp.Tests.Stack;

[Collection(DsAppCollection.Name)]
public sealed class StackTests(DsAppFixture app)
{
    [Fact]
    public async Task Every_resource_becomes_healthy()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var name in DsAppFixture.Services)
        {
            var state = await app.App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task Info_through_the_gateway_lists_both_services_as_healthy_with_their_versions()
    {
        using var gateway = app.CreateGatewayClient();
        using var info = JsonDocument.Parse(await gateway.GetStringAsync("/info"));
        var root = info.RootElement;
        Assert.Equal("Data Science API", root.GetProperty("title").GetString());
        Assert.Equal("/", root.GetProperty("docsUrl").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("platform").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("environment").GetString()));
        var services = root.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["ingest", "modelworker"], services.Keys.Order());
        foreach (var service in services.Values)
        {
            Assert.Equal("healthy", service.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(service.GetProperty("version").GetString()));
        }
    }

    [Theory]
    [InlineData("/api/datasets")]
    [InlineData("/api/models")]
    public async Task Lists_through_the_gateway_reach_their_service_and_answer_a_page(string path)
    {
        using var gateway = app.CreateGatewayClient();
        using var response = await gateway.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Array, page.RootElement.GetProperty("items").ValueKind);
        Assert.Equal(JsonValueKind.Null, page.RootElement.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("/api/datasets?limit=0", "limit")]
    [InlineData("/api/models?cursor=%%%", "cursor")]
    public async Task A_bad_page_request_is_a_problem_naming_the_parameter(string path, string field)
    {
        using var gateway = app.CreateGatewayClient();
        using var response = await gateway.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Health_and_alive_answer_on_the_gateway()
    {
        using var gateway = app.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/alive")).StatusCode);
    }
}
