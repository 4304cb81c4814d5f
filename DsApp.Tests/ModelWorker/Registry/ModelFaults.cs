using System.Text.Json;
using DsApp.Platform.Records;
using DsApp.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.ModelWorker.Registry;

/// <summary>
/// The model registry's write path with faults put on the store, run on the File store and on s3rver: concurrent writers,
/// deletes that stop part way, writes that fail or land while reporting failure. Models here are imported ONNX files.
/// </summary>
public abstract class ModelFaults : IAsyncLifetime
{
    private StorePlace _place = null!;

    protected abstract StorePlace CreatePlace();

    protected abstract string Redis { get; }

    protected FaultyModelWorkerHost Host { get; private set; } = null!;

    /// <summary>The same store without faults, as a client that is not the service sees it.</summary>
    protected IObjectStore Raw { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _place = CreatePlace();
        Raw = _place.Open();
        Host = new FaultyModelWorkerHost(_place, Redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _place.Dispose();
    }

    private async Task CreateIrisAsync(string model, params int[] versions)
    {
        var iris = OnnxFixtures.Load("iris-logreg");
        await Host.Client.CreateModelForAsync(model, iris);
        foreach (var version in versions) await Host.Client.ImportOnnxAsync(model, version, OnnxFixtures.File("iris-logreg"));
    }

    private async Task<List<int>> VersionsAsync(string model)
    {
        var page = await (await Host.Client.GetAsync($"/api/models/{model}/versions")).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToList();
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Raw.ListAsync(prefix)) keys.Add(item.Key);
        return keys;
    }

    [Fact]
    public async Task Twenty_concurrent_patches_with_one_if_match_give_one_200()
    {
        await CreateIrisAsync("patched");
        var etag = (await Host.Client.GetAsync("/api/models/patched")).Headers.ETag!.Tag;
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Host.Client.PatchAsync("patched", $$"""{"description":"writer {{i}}"}""", etag)));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.PreconditionFailed, a.StatusCode));
    }

    [Fact]
    public async Task A_delete_that_stops_part_way_leaves_nothing_a_model_created_again_sees_and_the_sweep_finishes_it()
    {
        await CreateIrisAsync("half-gone", 1, 2);
        var generation = (await (await Host.Client.GetAsync("/api/models/half-gone")).ReadJsonAsync()).GetProperty("generation").GetString()!;
        var fault = Host.Store.On(StoreOperation.Delete, "**").OnCall(3).Throw();
        using (await Host.Client.DeleteAsync("/api/models/half-gone")) { }
        Assert.Equal(1, fault.Fired);
        Assert.NotEmpty(await KeysAsync($"models/half-gone/{generation}/"));

        await CreateIrisAsync("half-gone");
        Assert.Empty(await VersionsAsync("half-gone"));
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync("/api/models/half-gone/versions/1")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await Host.Client.PredictAsync("half-gone", ModelApiClient.IrisRow)).StatusCode);

        Host.Store.Heal();
        await Host.Services.GetRequiredService<Tombstones>().SweepAsync(CancellationToken.None);
        Assert.Empty(await KeysAsync($"models/half-gone/{generation}/"));
        Assert.Empty(await KeysAsync(Tombstones.Prefix));
        Assert.NotEmpty(await KeysAsync("models/half-gone/model.json"));
    }

    [Fact]
    public async Task An_import_whose_version_manifest_fails_shows_no_version_and_its_number_is_not_given_again()
    {
        await CreateIrisAsync("import-fails", 1);
        var fault = Host.Store.On(StoreOperation.PutIf, "models/import-fails/*/versions/2/version.json").Throw();
        using var failed = await Host.Client.PutAsync("/api/models/import-fails/versions/2", OnnxFixtures.Onnx(OnnxFixtures.File("iris-logreg")));
        Assert.Equal(1, fault.Fired);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal([1], await VersionsAsync("import-fails"));

        // Number 2 was taken when the file checked: it is never given again, even to the same file.
        Assert.Equal(HttpStatusCode.Conflict, (await Host.Client.PutAsync("/api/models/import-fails/versions/2", OnnxFixtures.Onnx(OnnxFixtures.File("iris-logreg")))).StatusCode);
        await Host.Client.ImportOnnxAsync("import-fails", 3, OnnxFixtures.File("iris-logreg"));
        Assert.Equal([1, 3], await VersionsAsync("import-fails"));
    }

    [Fact]
    public async Task A_patch_whose_manifest_write_landed_but_reported_failure_leaves_one_consistent_model()
    {
        await CreateIrisAsync("patch-landed", 1);
        using var first = await Host.Client.GetAsync("/api/models/patch-landed");
        var before = await first.ReadJsonAsync();
        var fault = Host.Store.On(StoreOperation.PutIf, "models/patch-landed/model.json").SucceedThenThrow();
        using var patched = await Host.Client.PatchAsync("patch-landed", """{"aliases":{"production":1}}""", first.Headers.ETag!.Tag);
        Assert.Equal(1, fault.Fired);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, patched.StatusCode);
        Assert.NotNull(patched.Headers.RetryAfter);

        using var read = await Host.Client.GetAsync("/api/models/patch-landed");
        var now = await read.ReadJsonAsync();
        // The write landed: the model shows it, and its ETag is the one to use next.
        Assert.Equal(1, now.GetProperty("aliases").GetProperty("production").GetInt32());
        Assert.NotEqual(before.GetProperty("etag").GetString(), now.GetProperty("etag").GetString());
        using var next = await Host.Client.PatchAsync("patch-landed", """{"description":"after"}""", read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.PredictAsync("patch-landed", ModelApiClient.IrisRow)).StatusCode);
    }
}

/// <summary>The model fault suite on the File store, with Redis up.</summary>
public sealed class ModelFaultsOnFileTests(RedisServerFixture redis) : ModelFaults, IClassFixture<RedisServerFixture>
{
    protected override StorePlace CreatePlace() => new FolderPlace();
    protected override string Redis => redis.ConnectionString;
}

/// <summary>The model fault suite on s3rver (no conditional writes of its own: the Redis lock holds writers apart), with Redis up.</summary>
[Collection(S3rverCollection.Name)]
public sealed class ModelFaultsOnS3Tests(S3rverFixture s3, RedisServerFixture redis) : ModelFaults, IClassFixture<RedisServerFixture>
{
    protected override StorePlace CreatePlace() => new S3rverPlace(s3);
    protected override string Redis => redis.ConnectionString;
}
