using System.Text.Json;
using Amazon.S3;
using DsApp.Platform.Records;
using DsApp.Platform.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>
/// Faults injected into the ingest service's real store (<see cref="FaultyObjectStore"/>) at the points where a dataset
/// could lose an acknowledged version or bring back a deleted one: a delete that stops part way (H1), a commit that stops
/// between its two manifests or whose manifest write landed but was reported failed (M3), two replicas committing with
/// Redis down (M4), a read racing a delete (L3), and a delete whose client went away. Each test runs through HTTP against
/// one in-process replica, on the File store and on s3rver.
/// </summary>
public abstract class DatasetFaults : IAsyncLifetime
{
    private StorePlace _place = null!;

    protected abstract StorePlace CreatePlace();

    /// <summary>The connection string of a Redis that is up.</summary>
    protected abstract string Redis { get; }

    protected FaultyIngestHost Host { get; private set; } = null!;

    /// <summary>The same store without faults, as a client that is not the service sees it.</summary>
    protected IObjectStore Raw { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _place = CreatePlace();
        Raw = _place.Open();
        Host = new FaultyIngestHost(_place, Redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _place.Dispose();
    }

    // ---- H1: deletes that stop part way ----

    [Fact]
    public async Task A_partial_delete_then_re_create_never_shows_the_old_versions()
    {
        const string id = "h1";
        for (var i = 1; i <= 3; i++) Assert.Equal(i, (await UploadAsync(Host.Client, id, $"t-old-{i}")).Version);
        var oldObjects = await KeysAsync($"datasets/{id}/");
        var fault = Host.Store.On(StoreOperation.Delete, "**").OnCall(3).Throw();

        using var deleted = await Host.Client.DeleteAsync($"/api/datasets/{id}");
        Assert.Equal(1, fault.Fired);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/api/datasets/{id}")).StatusCode);

        var recreated = await UploadAsync(Host.Client, id, "t-new-1");
        Assert.Equal((HttpStatusCode.Created, 1), (recreated.Status, recreated.Version));
        Assert.Equal([1], (await VersionsAsync(Host.Client, id)).Select(v => v.Version));
        Assert.Equal(HttpStatusCode.NotFound, (await RowsAsync(Host.Client, id, 2)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await RowsAsync(Host.Client, id, 3)).Status);
        Assert.Equal("t-new-1", (await RowsAsync(Host.Client, id, 1)).Tag);
        // The dataset was gone for every reader as soon as its manifest was: the client is told it is deleted.
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await SweepAsync();
        Assert.DoesNotContain(await KeysAsync($"datasets/{id}/"), key => oldObjects.Contains(key) && key != ManifestKey(id));
        Assert.Empty(await KeysAsync(Tombstones.Prefix));
        await AssertEveryVersionReadsItsOwnRowsAsync(id, new Dictionary<int, string> { [1] = "t-new-1" }, ["t-new-1"]);
    }

    /// <summary>Every store call a DELETE of a two-version dataset makes, failed in turn.</summary>
    [Theory]
    [InlineData(StoreOperation.Read, "datasets/*/dataset.json", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.List, "datasets/**", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Read, "datasets/*/*/versions/*", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Put, "tombstones/**", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Put, "tombstones/**", 1, FaultKind.SucceedThenThrow)]
    [InlineData(StoreOperation.Delete, "**", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Delete, "**", 1, FaultKind.SucceedThenThrow)]
    [InlineData(StoreOperation.Delete, "**", 2, FaultKind.Throw)]
    [InlineData(StoreOperation.Delete, "**", 3, FaultKind.Throw)]
    [InlineData(StoreOperation.Delete, "**", 4, FaultKind.Throw)]
    [InlineData(StoreOperation.Delete, "**", 5, FaultKind.Throw)]
    [InlineData(StoreOperation.Delete, "**", 6, FaultKind.Throw)]
    [InlineData(StoreOperation.List, "datasets/**", 2, FaultKind.Throw)]
    public async Task A_delete_that_fails_at_any_store_call_leaves_the_dataset_whole_or_gone_for_good(StoreOperation operation, string keys, int nth, FaultKind kind)
    {
        const string id = "whole-or-gone";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        Assert.Equal(2, (await UploadAsync(Host.Client, id, "t-2")).Version);
        var oldObjects = await KeysAsync($"datasets/{id}/");
        var fault = Fail(Host.Store.On(operation, keys).OnCall(nth), kind);

        using var deleted = await Host.Client.DeleteAsync($"/api/datasets/{id}");
        Assert.Equal(1, fault.Fired);
        Host.Store.Heal();
        using var after = await Host.Client.GetAsync($"/api/datasets/{id}");
        if (after.StatusCode == HttpStatusCode.OK)
        {
            // The delete did not happen: the dataset must stay whole, and take new versions that stay, sweep or no sweep.
            Assert.NotEqual(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(3, (await UploadAsync(Host.Client, id, "t-3")).Version);
            await SweepAsync();
            await AssertEveryVersionReadsItsOwnRowsAsync(id, new Dictionary<int, string> { [1] = "t-1", [2] = "t-2", [3] = "t-3" }, ["t-1", "t-2", "t-3"]);
            // Deleted again, it goes whole.
            Assert.Equal(HttpStatusCode.NoContent, (await Host.Client.DeleteAsync($"/api/datasets/{id}")).StatusCode);
            await SweepAsync();
            Assert.Empty(await KeysAsync($"datasets/{id}/"));
        }
        else
        {
            // It happened (whatever the client was told): nothing of it may come back, and the sweep removes the rest.
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
            Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-new")).Version);
            await SweepAsync();
            Assert.DoesNotContain(await KeysAsync($"datasets/{id}/"), key => oldObjects.Contains(key) && key != ManifestKey(id));
            await AssertEveryVersionReadsItsOwnRowsAsync(id, new Dictionary<int, string> { [1] = "t-new" }, ["t-new"]);
        }
        Assert.Empty(await KeysAsync(Tombstones.Prefix));
    }

    [Fact]
    public async Task A_delete_whose_client_went_away_still_removes_every_object()
    {
        const string id = "abandoned";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        Assert.Equal(2, (await UploadAsync(Host.Client, id, "t-2")).Version);
        using var hangUp = new CancellationTokenSource();
        var serverSawIt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Host.RequestStarted = context =>
        {
            if (HttpMethods.IsDelete(context.Request.Method)) context.RequestAborted.Register(() => serverSawIt.TrySetResult());
        };
        Host.RequestEnded = context =>
        {
            if (HttpMethods.IsDelete(context.Request.Method)) serverDone.TrySetResult();
        };
        // The client hangs up as the dataset's manifest is removed, and the service knows before it removes anything else.
        var gone = Host.Store.On(StoreOperation.Delete, $"datasets/{id}/dataset.json").Before(async () =>
        {
            await hangUp.CancelAsync();
            await serverSawIt.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Host.Client.DeleteAsync($"/api/datasets/{id}", hangUp.Token));
        await serverDone.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, gone.Fired);
        Assert.Empty(await KeysAsync($"datasets/{id}/"));
        Assert.Empty(await KeysAsync(Tombstones.Prefix));
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/api/datasets/{id}")).StatusCode);
    }

    // ---- M3: commits that stop between, or after, their writes ----

    [Fact]
    public async Task A_crash_between_the_version_manifest_and_the_dataset_manifest_never_shows_the_half_committed_version()
    {
        const string id = "m3-crash";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        // The process dies once version 2's manifest is written: the dataset manifest is not, and no clean-up runs.
        var crash = Host.Store.On(StoreOperation.Writes, ManifestKey(id)).Throw();
        Host.Store.On(StoreOperation.Delete, $"datasets/{id}/**").Always().Throw();

        var failed = await UploadAsync(Host.Client, id, "t-lost");
        Assert.Equal(1, crash.Fired);
        Host.Store.Heal();
        Assert.True((int)failed.Status >= 500, $"the upload answered {(int)failed.Status}: {failed.Body}");
        Assert.Equal(HttpStatusCode.NotFound, (await RowsAsync(Host.Client, id, 2)).Status);
        Assert.Equal([1], (await VersionsAsync(Host.Client, id)).Select(v => v.Version));

        // The next upload goes past the number the crashed one took, which stays invisible for good.
        var next = await UploadAsync(Host.Client, id, "t-3");
        Assert.Equal((HttpStatusCode.OK, 3), (next.Status, next.Version));
        Assert.Equal(HttpStatusCode.NotFound, (await RowsAsync(Host.Client, id, 2)).Status);
        await AssertEveryVersionReadsItsOwnRowsAsync(id, new Dictionary<int, string> { [1] = "t-1", [3] = "t-3" }, ["t-1", "t-lost", "t-3"]);
    }

    [Fact]
    public async Task A_failed_dataset_manifest_write_leaves_the_previous_version_current_and_the_next_upload_commits()
    {
        const string id = "m3-failed";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        var fault = Host.Store.On(StoreOperation.Writes, ManifestKey(id)).Throw();

        var failed = await UploadAsync(Host.Client, id, "t-lost");
        Assert.Equal(1, fault.Fired);
        Assert.True((int)failed.Status >= 500, $"the upload answered {(int)failed.Status}: {failed.Body}");
        Assert.Equal([1], (await VersionsAsync(Host.Client, id)).Select(v => v.Version));
        Assert.Equal("t-1", (await RowsAsync(Host.Client, id, null)).Tag);

        var next = await UploadAsync(Host.Client, id, "t-next");
        Assert.Equal(HttpStatusCode.OK, next.Status);
        await AssertEveryVersionReadsItsOwnRowsAsync(id, new Dictionary<int, string> { [1] = "t-1", [next.Version!.Value] = "t-next" }, ["t-1", "t-lost", "t-next"]);
    }

    /// <summary>The store takes the dataset manifest, then the caller is told it failed (an S3 PUT whose answer timed out).</summary>
    [Theory]
    [InlineData("io", false)]
    [InlineData("timeout", false)]
    [InlineData("s3-500", false)]
    [InlineData("io", true)]
    [InlineData("timeout", true)]
    public async Task A_dataset_manifest_write_that_landed_but_reported_failure_never_leaves_the_dataset_pointing_at_removed_data(string failure, bool readBackFails)
    {
        const string id = "m3-ambiguous";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        var landed = Host.Store.On(StoreOperation.Writes, ManifestKey(id)).SucceedThenThrow((_, key) => Failure(failure, key));
        if (readBackFails) Host.Store.On(StoreOperation.Reads, ManifestKey(id)).After(landed).Throw((_, key) => Failure(failure, key));

        var upload = await UploadAsync(Host.Client, id, "t-2");
        Assert.Equal(1, landed.Fired);
        Host.Store.Heal();
        // The manifest landed, so version 2 is current: its rows must be there.
        Assert.Equal((HttpStatusCode.OK, "t-2"), await RowsAsync(Host.Client, id, null));
        var acknowledged = new Dictionary<int, string> { [1] = "t-1" };
        if (upload.Version is { } version) acknowledged[version] = "t-2";
        await AssertEveryVersionReadsItsOwnRowsAsync(id, acknowledged, ["t-1", "t-2"]);
        // Told it committed when it can know; told to look again (503) when it cannot; never a plain failure.
        Assert.True(upload.Status == (readBackFails ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK), $"the upload answered {(int)upload.Status}: {upload.Body}");
    }

    /// <summary>Every store call an upload of a second version makes, failed in turn, before or after the store did it.</summary>
    [Theory]
    [InlineData(StoreOperation.Reads, "datasets/*/dataset.json", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Reads, "datasets/*/dataset.json", 2, FaultKind.Throw)]
    [InlineData(StoreOperation.Writes, "datasets/*/data/*", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Writes, "datasets/*/data/*", 1, FaultKind.SucceedThenThrow)]
    [InlineData(StoreOperation.Writes, "datasets/**/versions/*", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Writes, "datasets/**/versions/*", 1, FaultKind.SucceedThenThrow)]
    [InlineData(StoreOperation.Writes, "datasets/*/dataset.json", 1, FaultKind.Throw)]
    [InlineData(StoreOperation.Writes, "datasets/*/dataset.json", 1, FaultKind.SucceedThenThrow)]
    public async Task An_upload_that_fails_at_any_store_call_commits_whole_or_not_at_all(StoreOperation operation, string keys, int nth, FaultKind kind)
    {
        const string id = "upload-faults";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        var fault = Fail(Host.Store.On(operation, keys).OnCall(nth), kind);

        var upload = await UploadAsync(Host.Client, id, "t-2");
        Assert.Equal(1, fault.Fired);
        Host.Store.Heal();
        var acknowledged = new Dictionary<int, string> { [1] = "t-1" };
        if (upload.Version is { } version) acknowledged[version] = "t-2";
        else Assert.True((int)upload.Status >= 500, $"the upload answered {(int)upload.Status}: {upload.Body}");
        await AssertEveryVersionReadsItsOwnRowsAsync(id, acknowledged, ["t-1", "t-2"]);
        var next = await UploadAsync(Host.Client, id, "t-3");
        Assert.Equal(HttpStatusCode.OK, next.Status);
        acknowledged[next.Version!.Value] = "t-3";
        await AssertEveryVersionReadsItsOwnRowsAsync(id, acknowledged, ["t-1", "t-2", "t-3"]);
    }

    // ---- M4: two replicas, Redis down ----

    [Fact]
    public async Task Uploads_racing_on_two_replicas_with_redis_down_each_keep_a_version_of_their_own()
    {
        const string id = "m4";
        const int uploads = 12;
        var deadRedis = $"127.0.0.1:{FreePort.Next()},connectTimeout=500";
        await using var first = new FaultyIngestHost(_place, deadRedis);
        await using var second = new FaultyIngestHost(_place, deadRedis);
        FaultyIngestHost[] replicas = [first, second];
        foreach (var replica in replicas)
        {
            // Manifest writes held back a little, as a slow store's are, so the replicas' commits overlap.
            replica.Store.On(StoreOperation.Writes, "datasets/**.json").Always().Delay(TimeSpan.FromMilliseconds(20));
            Assert.Equal(HttpStatusCode.NotFound, (await replica.Client.GetAsync($"/api/datasets/{id}")).StatusCode);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, uploads).Select(async i => (Tag: $"t-{i}", Answer: await UploadAsync(replicas[i % 2].Client, id, $"t-{i}"))));

        var acknowledged = answers.Where(a => a.Answer.Status is HttpStatusCode.OK or HttpStatusCode.Created).ToList();
        Assert.All(answers, a => Assert.True(a.Answer.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{a.Tag}: {(int)a.Answer.Status} {a.Answer.Body}"));
        Assert.True(acknowledged.Count == acknowledged.Select(a => a.Answer.Version).Distinct().Count(),
            $"acknowledged uploads share version numbers: {string.Join(", ", acknowledged.OrderBy(a => a.Answer.Version).Select(a => $"{a.Tag}=v{a.Answer.Version}"))}");
        if (Raw.AtomicConditionalWrites)
        {
            // The store decides the commits: every upload gets a number of its own (a commit that lost a race to another
            // replica after creating its version manifest skips that number for good, so there may be gaps).
            Assert.Equal(uploads, acknowledged.Count);
            // ... and no Redis lock held the replicas apart.
            Assert.All(replicas, replica => Assert.Contains(replica.Logs.Entries, e => e.Message.StartsWith("Redis is unreachable", StringComparison.Ordinal)));
            var current = (await (await first.Client.GetAsync($"/api/datasets/{id}")).JsonAsync()).GetProperty("version").GetInt32();
            Assert.Equal(acknowledged.Max(a => a.Answer.Version), current);
        }
        else
        {
            // A store without conditional writes is not written at all without the Redis lock: refused, never risked.
            Assert.Empty(acknowledged);
            Assert.Equal(HttpStatusCode.NotFound, (await first.Client.GetAsync($"/api/datasets/{id}")).StatusCode);
            return;
        }
        foreach (var (tag, answer) in acknowledged)
        {
            foreach (var replica in replicas) Assert.Equal(tag, (await RowsAsync(replica.Client, id, answer.Version)).Tag);
        }
        await AssertEveryVersionReadsItsOwnRowsAsync(id, acknowledged.ToDictionary(a => a.Answer.Version!.Value, a => a.Tag), answers.Select(a => a.Tag).ToList());
    }

    // ---- L3: reads racing deletes ----

    [Theory]
    [InlineData("rows")]
    [InlineData("content")]
    public async Task A_read_racing_a_delete_answers_404_not_500(string endpoint)
    {
        var id = $"l3-{endpoint}";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        using var other = Host.CreateClient();
        HttpStatusCode? deleteAnswer = null;
        // The read has found version 1; its data is deleted before it opens it.
        var race = Host.Store.On(StoreOperation.Get, $"datasets/{id}/data/**").Before(async () =>
        {
            using var deleted = await other.DeleteAsync($"/api/datasets/{id}");
            deleteAnswer = deleted.StatusCode;
        });

        using var read = await Host.Client.GetAsync($"/api/datasets/{id}/{endpoint}");
        Assert.Equal(1, race.Fired);
        Assert.Equal(HttpStatusCode.NoContent, deleteAnswer);
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    // ---- outages ----

    /// <summary>An S3 call that times out surfaces from the AWS SDK as a <see cref="TimeoutException"/>: an outage, not a server error.</summary>
    [Theory]
    [InlineData("upload")]
    [InlineData("rows")]
    public async Task A_store_call_that_times_out_answers_503_with_retry_after_and_changes_nothing(string request)
    {
        const string id = "timeout";
        Assert.Equal(1, (await UploadAsync(Host.Client, id, "t-1")).Version);
        var timeout = Host.Store.On(StoreOperation.Any, $"datasets/{id}/**").Throw((_, key) => Failure("timeout", key));

        using var response = request == "upload"
            ? await Host.Client.PutAsync($"/api/datasets/{id}", IngestClient.Body("tag\nt-2\n", "text/csv"))
            : await Host.Client.GetAsync($"/api/datasets/{id}/rows");
        Assert.Equal(1, timeout.Fired);
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Host.Store.Heal();
        await AssertEveryVersionReadsItsOwnRowsAsync(id, new Dictionary<int, string> { [1] = "t-1" }, ["t-1"]);
    }

    // ---- helpers ----

    private static FaultRule Fail(FaultRule rule, FaultKind kind) => kind switch
    {
        FaultKind.Throw => rule.Throw(),
        FaultKind.SucceedThenThrow => rule.SucceedThenThrow(),
        _ => rule,
    };

    /// <summary>What a store client throws when it fails: an I/O error, the AWS SDK's timeout (an HTTP timeout), an S3 500.</summary>
    private static Exception Failure(string kind, string key) => kind switch
    {
        "io" => new InjectedStoreFault($"injected fault on {key}"),
        "timeout" => new TimeoutException("The operation was canceled.", new TaskCanceledException()),
        "s3-500" => new AmazonS3Exception("We encountered an internal error. Please try again.", Amazon.Runtime.ErrorType.Receiver, "InternalError", "injected", HttpStatusCode.InternalServerError),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    protected static string ManifestKey(string id) => $"datasets/{id}/dataset.json";

    protected static async Task<(HttpStatusCode Status, int? Version, string Body)> UploadAsync(HttpClient client, string id, string tag)
    {
        using var response = await client.PutAsync($"/api/datasets/{id}", IngestClient.Body($"tag\n{tag}\n", "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        int? version = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32() : null;
        return (response.StatusCode, version, body);
    }

    /// <summary>The answer to <c>rows</c> (of <paramref name="version"/>, or the current one) and the tag its first row holds.</summary>
    protected static async Task<(HttpStatusCode Status, string? Tag)> RowsAsync(HttpClient client, string id, int? version)
    {
        using var response = await client.GetAsync($"/api/datasets/{id}/rows{(version is null ? "" : $"?version={version}")}");
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, null);
        return (response.StatusCode, (await response.JsonAsync()).GetProperty("rows")[0][0].GetString());
    }

    protected static async Task<List<(int Version, string DataObject)>> VersionsAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/datasets/{id}/versions?limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("dataObject").GetString()!)).ToList();
    }

    protected async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Raw.ListAsync(prefix)) keys.Add(item.Key);
        return keys;
    }

    /// <summary>What the tombstone sweeper does at start and every <c>Records:SweepInterval</c>.</summary>
    protected Task SweepAsync() => Host.Services.GetRequiredService<Tombstones>().SweepAsync(CancellationToken.None);

    /// <summary>
    /// Nothing lost, nothing from elsewhere: every acknowledged upload is listed under its number and reads its own rows;
    /// every listed version reads the rows of an upload that was sent, no two the same; numbers not listed answer 404;
    /// the current version is listed and reads.
    /// </summary>
    protected async Task AssertEveryVersionReadsItsOwnRowsAsync(string id, IReadOnlyDictionary<int, string> acknowledged, IReadOnlyCollection<string> sent)
    {
        var client = Host.Client;
        using var get = await client.GetAsync($"/api/datasets/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var current = (await get.JsonAsync()).GetProperty("version").GetInt32();
        var read = new Dictionary<int, string>();
        foreach (var (version, _) in await VersionsAsync(client, id))
        {
            var (status, tag) = await RowsAsync(client, id, version);
            Assert.True(status == HttpStatusCode.OK, $"version {version} is listed, but its rows answer {(int)status}");
            Assert.Contains(tag, sent);
            read[version] = tag!;
        }
        foreach (var (version, tag) in acknowledged)
        {
            Assert.True(read.TryGetValue(version, out var found), $"acknowledged version {version} ({tag}) is not listed: [{string.Join(", ", read.Keys)}]");
            Assert.Equal(tag, found);
        }
        Assert.Equal(read.Count, read.Values.Distinct().Count());
        for (var version = 1; version <= current + 1; version++)
        {
            if (!read.ContainsKey(version)) Assert.Equal(HttpStatusCode.NotFound, (await RowsAsync(client, id, version)).Status);
        }
        Assert.True(read.ContainsKey(current), $"the current version {current} is not listed");
        Assert.Equal((HttpStatusCode.OK, read[current]), await RowsAsync(client, id, null));
    }
}

/// <summary>The dataset fault suite on the File store, with Redis up.</summary>
public sealed class DatasetFaultsOnFileTests(RedisServerFixture redis) : DatasetFaults, IClassFixture<RedisServerFixture>
{
    protected override StorePlace CreatePlace() => new FolderPlace();
    protected override string Redis => redis.ConnectionString;
}

/// <summary>The dataset fault suite on s3rver (no conditional writes of its own: the Redis lock holds writers apart), with Redis up.</summary>
[Collection(S3rverCollection.Name)]
public sealed class DatasetFaultsOnS3Tests(S3rverFixture s3, RedisServerFixture redis) : DatasetFaults, IClassFixture<RedisServerFixture>
{
    protected override StorePlace CreatePlace() => new S3rverPlace(s3);
    protected override string Redis => redis.ConnectionString;
}
