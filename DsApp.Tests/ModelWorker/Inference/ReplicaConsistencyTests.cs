using System.Net.Http.Headers;
using DsApp.ModelWorker;
using DsApp.ModelWorker.Inference;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>Every replica serves what the registry says: after a missed change event, after a version is deleted.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class ReplicaConsistencyTests(ModelWorkerHost host)
{
    private async Task<byte[]> ModelFileAsync(string model, string trainer)
    {
        using var http = host.CreateClient();
        if ((await http.GetAsync($"/api/models/{model}")).StatusCode == HttpStatusCode.NotFound)
        {
            await http.CreateModelAsync(model);
            var job = await http.TrainAsync(model, new { datasetId = "iris", trainer, seed = 1 });
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
        }
        var file = Directory.GetFiles(Path.Combine(host.StorePath, "models", model), "*.zip", SearchOption.AllDirectories).First();
        return await File.ReadAllBytesAsync(file);
    }

    private static async Task<string> PredictionsAsync(HttpClient http, string model)
    {
        using var answer = await http.PredictAsync(model, ModelApiClient.IrisRow);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.ReadJsonAsync()).GetProperty("predictions").GetRawText();
    }

    [Fact]
    public async Task A_replica_that_missed_the_events_of_a_delete_and_re_create_serves_the_new_model_within_its_refresh_period()
    {
        var first = await ModelFileAsync("replica-source-a", "lbfgs");
        var second = await ModelFileAsync("replica-source-b", "sdca");
        using var a = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await a.CreateModelAsync("replayed")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await a.PutAsync("/api/models/replayed/versions/1", ModelApiClient.ZipContent(first))).StatusCode);
        var before = await PredictionsAsync(a, "replayed");

        // Replica B shares the store but not Redis: none of its change events reach A.
        var otherRedis = new RedisServerFixture();
        await otherRedis.InitializeAsync();
        try
        {
            await using var replicaB = new WebApplicationFactory<ModelWorkerService>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment("Testing");
                web.UseSetting("ConnectionStrings:cache", otherRedis.ConnectionString);
                web.UseSetting("Storage:Path", host.StorePath);
                web.UseSetting("Ingest:BaseAddress", host.Ingest.BaseAddress);
                web.BehindTestGateway();
            });
            using var b = replicaB.CreateClient().AsGateway();
            Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteAsync("/api/models/replayed")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await b.CreateModelAsync("replayed")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await b.PutAsync("/api/models/replayed/versions/1", ModelApiClient.ZipContent(second))).StatusCode);
            var after = await PredictionsAsync(b, "replayed");
            Assert.NotEqual(before, after);

            // A answers as B within its refresh period (plus the refresh itself), and drops the old file.
            var deadline = DateTime.UtcNow + ModelWorkerHost.CatalogMaxAge * 10 + TimeSpan.FromSeconds(45);
            string served;
            do
            {
                await Task.Delay(200);
                served = await PredictionsAsync(a, "replayed");
            } while (served != after && DateTime.UtcNow < deadline);
            Assert.Equal(after, served);
            Assert.Equal(1, host.Factory.Services.GetRequiredService<LoadedModels>().CountLoaded("replayed"));
        }
        finally
        {
            await otherRedis.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_deleted_version_is_unloaded_from_the_replica_that_served_it()
    {
        var file = await ModelFileAsync("replica-source-a", "lbfgs");
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("unloaded")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/unloaded/versions/1", ModelApiClient.ZipContent(file))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/unloaded/versions/2", ModelApiClient.ZipContent(file))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("unloaded", ModelApiClient.IrisRow, version: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("unloaded", ModelApiClient.IrisRow, version: 2)).StatusCode);
        var loaded = host.Factory.Services.GetRequiredService<LoadedModels>();
        Assert.Equal(2, loaded.CountLoaded("unloaded"));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/unloaded/versions/1")).StatusCode);
        Assert.Equal(1, loaded.CountLoaded("unloaded"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.PredictAsync("unloaded", ModelApiClient.IrisRow, version: 1)).StatusCode);
    }

    [Fact]
    public async Task Captured_inputs_go_with_their_model()
    {
        var file = await ModelFileAsync("replica-source-a", "lbfgs");
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("captured-then-deleted")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/captured-then-deleted/versions/1", ModelApiClient.ZipContent(file))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PatchAsync("captured-then-deleted", """{"capture":{"percent":100}}""")).StatusCode);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("captured-then-deleted", ModelApiClient.IrisRow)).StatusCode);
        await host.Factory.Services.GetRequiredService<DsApp.ModelWorker.Monitoring.PayloadCapture>().FlushAsync(CancellationToken.None);
        var captures = Path.Combine(host.StorePath, "captures", "captured-then-deleted");
        Assert.NotEmpty(Directory.GetFiles(captures, "*.ndjson", SearchOption.AllDirectories));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/captured-then-deleted")).StatusCode);
        Assert.Empty(Directory.Exists(captures) ? Directory.GetFiles(captures, "*", SearchOption.AllDirectories) : []);
    }
}
