using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.AppHost;

/// <summary>
/// The AppHost's <c>Replicas:Ingest</c> and <c>Replicas:ModelWorker</c>: one resource per replica, each on a port of its
/// own, and every caller handed every replica's address under the service's name. Nothing is started.
/// </summary>
public sealed class ServiceReplicasTests
{
    private static async Task<DistributedApplication> ModelAsync(params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DsApp_AppHost>(
            ["Cache:Mode=local", "Parameters:admin-key=replica-test-admin-key-0123456789", .. settings]);
        return await builder.BuildAsync();
    }

    private static IReadOnlyList<ProjectResource> Projects(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();

    private static async Task<Dictionary<string, object>> EnvironmentOf(DistributedApplication app, IResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>()) await callback.Callback(context);
        return variables;
    }

    private static string? ReplicaAddressed(Dictionary<string, object> environment, string variable) =>
        environment.TryGetValue(variable, out var value) ? (value as EndpointReference)?.Resource.Name : null;

    [Fact]
    public async Task By_default_each_service_runs_once_and_its_callers_know_one_address()
    {
        await using var app = await ModelAsync();
        Assert.Equal(["api", "ingest", "modelworker"], Projects(app).Select(p => p.Name).Order());
        var api = await EnvironmentOf(app, Projects(app).Single(p => p.Name == "api"));
        Assert.Equal("modelworker", ReplicaAddressed(api, "services__modelworker__http__0"));
        Assert.False(api.ContainsKey("services__modelworker__http__1"));
    }

    [Fact]
    public async Task Two_replicas_of_each_are_resources_on_ports_of_their_own_and_every_caller_knows_both()
    {
        await using var app = await ModelAsync("Replicas:Ingest=2", "Replicas:ModelWorker=2");
        var projects = Projects(app);
        Assert.Equal(["api", "ingest", "ingest-2", "modelworker", "modelworker-2"], projects.Select(p => p.Name).Order());
        var ports = projects.Where(p => p.Name != "api").Select(p => p.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port).ToList();
        Assert.Equal(4, ports.Distinct().Count());

        var api = await EnvironmentOf(app, projects.Single(p => p.Name == "api"));
        Assert.Equal("modelworker", ReplicaAddressed(api, "services__modelworker__http__0"));
        Assert.Equal("modelworker-2", ReplicaAddressed(api, "services__modelworker__http__1"));
        Assert.Equal("ingest", ReplicaAddressed(api, "services__ingest__http__0"));
        Assert.Equal("ingest-2", ReplicaAddressed(api, "services__ingest__http__1"));
        // Each worker reads datasets from either ingest replica, and reports telemetry as the one modelworker service.
        var secondWorker = await EnvironmentOf(app, projects.Single(p => p.Name == "modelworker-2"));
        Assert.Equal("ingest-2", ReplicaAddressed(secondWorker, "services__ingest__http__1"));
        Assert.Equal("modelworker", secondWorker["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public async Task Publishing_writes_one_of_each_service_whatever_the_replicas_setting()
    {
        await using var app = await ModelAsync("--operation", "publish", "Replicas:ModelWorker=3");
        Assert.Equal(["api", "ingest", "modelworker"], Projects(app).Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    [InlineData("17")]
    public async Task A_replica_count_that_is_not_1_to_16_stops_the_apphost_naming_the_setting(string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync($"Replicas:ModelWorker={value}"));
        Assert.Contains("Replicas:ModelWorker must be a whole number from 1 to 16", failure.ToString());
    }
}
