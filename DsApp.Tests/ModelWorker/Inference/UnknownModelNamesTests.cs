using DsApp.ModelWorker.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>
/// A reader asking for names that do not exist must not grow the worker's memory, nor cost an object-store read each
/// time; and a model created after a miss is served at once by the replica that created it.
/// </summary>
public sealed class UnknownModelNamesTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly FolderPlace _place = new();
    private FaultyModelWorkerHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new FaultyModelWorkerHost(_place, redis.ConnectionString);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ten_thousand_random_unknown_names_leave_the_catalog_bounded()
    {
        var catalog = _host.Services.GetRequiredService<ModelCatalog>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var name = $"unknown-{Guid.NewGuid():N}";
            using var answer = await _host.Client.GetAsync(i % 2 == 0 ? $"/v2/models/{name}/ready" : $"/api/models/{name}", cancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        });

        Assert.InRange(catalog.TrackedNames, 0, ModelCatalog.MissesKept);
    }

    [Fact]
    public async Task An_unknown_name_asked_again_is_answered_from_memory_and_a_model_created_after_is_seen_at_once()
    {
        for (var i = 0; i < 50; i++)
        {
            using var missing = await _host.Client.GetAsync("/v2/models/created-later/ready");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        var reads = _host.Store.Calls.Count(c => c.Key == "models/created-later/model.json");
        Assert.InRange(reads, 1, 3);

        await _host.Client.CreateModelForAsync("created-later", OnnxFixtures.Load("iris-logreg"));
        using (var created = await _host.Client.GetAsync("/v2/models/created-later/ready"))
            Assert.DoesNotContain("There is no model", await created.Content.ReadAsStringAsync());
        await _host.Client.ImportOnnxAsync("created-later", 1, OnnxFixtures.File("iris-logreg"));
        using var ready = await _host.Client.GetAsync("/v2/models/created-later/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _place.Dispose();
    }
}
