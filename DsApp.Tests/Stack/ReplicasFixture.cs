using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace DsApp.Tests.Stack;

/// <summary>
/// An app of its own with two replicas of ingest and two of the model worker (<c>Replicas:Ingest=2</c>,
/// <c>Replicas:ModelWorker=2</c>), sharing one store and one Redis. A replica's view of a model is not refreshed
/// on its own for the length of a test run, so a change served by both replicas got there by its event; a killed
/// worker's job is taken over quickly, and a killed replica is probed back into rotation quickly.
/// </summary>
public sealed class ReplicasFixture : DsAppFixture
{
    public static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(1);

    public override IReadOnlyList<string> Resources => [.. Services, "ingest-2", "modelworker-2"];

    protected override IEnumerable<string> Settings =>
    [
        "Replicas:Ingest=2", "Replicas:ModelWorker=2",
        "Inference:CatalogMaxAge=00:30:00",
        $"Jobs:ClaimTimeout={OutageFixture.ClaimTimeout}",
        $"Gateway:Routing:HealthCheckInterval={HealthCheckInterval}",
    ];

    /// <summary>A client of one replica, around the gateway, with the admin key.</summary>
    public HttpClient CreateReplicaClient(string resource)
    {
        var client = App.CreateHttpClient(resource);
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>
{
    public const string Name = "an app with two replicas of each service";
}
