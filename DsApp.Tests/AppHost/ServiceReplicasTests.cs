using Aspire.Hosting.ApplicationModel;

namespace DsApp.Tests.AppHost;

/// <summary>
/// The AppHost's <c>Replicas:Ingest</c> and <c>Replicas:ModelWorker</c>: one resource per replica, each on a port of its
/// own, and every caller handed every replica's address under the service's name. Nothing is started.
/// </summary>
public sealed class ServiceReplicasTests
{
    private static string? ReplicaAddressed(Dictionary<string, object> environment, string variable) =>
        environment.TryGetValue(variable, out var value) ? (value as EndpointReference)?.Resource.Name : null;

    [Fact]
    public async Task By_default_each_service_runs_once_and_its_callers_know_one_address()
    {
        await using var app = await AppModel.BuildAsync();
        Assert.Equal(["api", "ingest", "modelworker"], AppModel.Projects(app).Select(p => p.Name).Order());
        var api = await AppModel.EnvironmentOf(app, AppModel.Project(app, "api"));
        Assert.Equal("modelworker", ReplicaAddressed(api, "services__modelworker__http__0"));
        Assert.False(api.ContainsKey("services__modelworker__http__1"));
    }

    [Fact]
    public async Task Two_replicas_of_each_are_resources_on_ports_of_their_own_and_every_caller_knows_both()
    {
        await using var app = await AppModel.BuildAsync("Replicas:Ingest=2", "Replicas:ModelWorker=2");
        var projects = AppModel.Projects(app);
        Assert.Equal(["api", "ingest", "ingest-2", "modelworker", "modelworker-2"], projects.Select(p => p.Name).Order());
        var ports = projects.Where(p => p.Name != "api").Select(p => p.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port).ToList();
        Assert.Equal(4, ports.Distinct().Count());

        var api = await AppModel.EnvironmentOf(app, projects.Single(p => p.Name == "api"));
        Assert.Equal("modelworker", ReplicaAddressed(api, "services__modelworker__http__0"));
        Assert.Equal("modelworker-2", ReplicaAddressed(api, "services__modelworker__http__1"));
        Assert.Equal("ingest", ReplicaAddressed(api, "services__ingest__http__0"));
        Assert.Equal("ingest-2", ReplicaAddressed(api, "services__ingest__http__1"));
        // Each worker reads datasets from either ingest replica, and reports telemetry as the one modelworker service.
        var secondWorker = await AppModel.EnvironmentOf(app, projects.Single(p => p.Name == "modelworker-2"));
        Assert.Equal("ingest-2", ReplicaAddressed(secondWorker, "services__ingest__http__1"));
        Assert.Equal("modelworker", secondWorker["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public async Task Publishing_writes_one_of_each_service_whatever_the_replicas_setting()
    {
        await using var app = await AppModel.BuildAsync("--operation", "publish", "Replicas:ModelWorker=3");
        Assert.Equal(["api", "ingest", "modelworker"], AppModel.Projects(app).Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    [InlineData("17")]
    public async Task A_replica_count_that_is_not_1_to_16_stops_the_apphost_naming_the_setting(string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.BuildAsync($"Replicas:ModelWorker={value}"));
        Assert.Contains("Replicas:ModelWorker must be a whole number from 1 to 16", failure.ToString());
    }
}
