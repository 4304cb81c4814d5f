using Microsoft.Extensions.Logging;
using System.Text.Json;
using DsApp.ModelWorker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DsApp.Tests.ModelWorker.Jobs;

[Collection(ModelWorkerCollection.Name)]
public sealed class JobsApiTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_running_job_can_be_cancelled_and_leaves_no_version_and_an_ended_one_cannot()
    {
        host.Ingest.Add("iris-slower", ModelWorkerData.IrisCsv, delay: TimeSpan.FromSeconds(4));
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-cancel");
        using var accepted = await http.PostAsJsonAsync("/api/models/iris-cancel/versions", new { datasetId = "iris-slower" });
        var location = accepted.Headers.Location!.ToString();

        using var cancel = await http.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = await http.WaitForJobAsync(location);
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, job.GetProperty("finishedAt").ValueKind);
        var versions = await (await http.GetAsync("/api/models/iris-cancel/versions")).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());

        await (await http.DeleteAsync(location)).AssertProblemAsync(HttpStatusCode.Conflict);
        const string absent = "0000000000000000000000";
        await (await http.DeleteAsync($"/api/jobs/{absent}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"/api/jobs/{absent}")).AssertProblemAsync(HttpStatusCode.NotFound);
        // What cannot be a job id is the client's mistake, named as such.
        await (await http.DeleteAsync("/api/jobs/nope")).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await http.GetAsync("/api/jobs/nope")).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task A_job_logs_its_start_and_end_in_a_scope_naming_the_job_model_version_and_dataset()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-logged");
        var job = await http.TrainAsync("iris-logged", new { datasetId = "iris", trainer = "sdca", seed = 1 });
        var id = job.GetProperty("id").GetString();

        var logged = host.Logs.Entries.Where(e => Equals(e.Scope.GetValueOrDefault("dsapp.job.id"), id)).ToList();
        Assert.Contains(logged, e => e.Message.Contains("started", StringComparison.Ordinal));
        var end = Assert.Single(logged, e => e.Message.Contains("succeeded", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, end.Level);
        Assert.Equal("train", end.Scope["dsapp.job.kind"]);
        Assert.Equal("iris-logged", end.Scope["dsapp.model"]);
        Assert.Equal(job.GetProperty("result").GetProperty("version").GetInt32(), end.Scope["dsapp.model.version"]);
        Assert.Equal("iris", end.Scope["dsapp.dataset.id"]);
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_by_status_in_pages()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-list");
        for (var i = 0; i < 3; i++) await http.TrainAsync("iris-list", new { datasetId = "iris", trainer = "sdca", seed = i });

        var first = await (await http.GetAsync("/api/jobs?status=succeeded&limit=2")).ReadJsonAsync();
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, j => Assert.Equal("succeeded", j.GetProperty("status").GetString()));
        Assert.True(string.CompareOrdinal(items[0].GetProperty("id").GetString(), items[1].GetProperty("id").GetString()) > 0);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await http.GetAsync($"/api/jobs?status=succeeded&limit=2&cursor={cursor}")).ReadJsonAsync();
        var next = second.GetProperty("items")[0].GetProperty("id").GetString();
        Assert.True(string.CompareOrdinal(items[1].GetProperty("id").GetString(), next) > 0);

        await (await http.GetAsync("/api/jobs?status=sleeping")).AssertProblemAsync(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task A_training_whose_model_is_deleted_meanwhile_leaves_nothing_a_model_created_again_would_see()
    {
        using var http = host.CreateClient();
        var location = await host.StartSlowTrainingAsync(http, "deleted-while-training", TimeSpan.FromSeconds(3));
        for (var i = 0; i < 200 && (await (await http.GetAsync(location)).ReadJsonAsync()).GetProperty("status").GetString() != "running"; i++)
            await Task.Delay(20);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/deleted-while-training")).StatusCode);

        var job = await http.WaitForJobAsync(location);
        Assert.NotEqual("succeeded", job.GetProperty("status").GetString());
        await http.CreateModelAsync("deleted-while-training");
        var versions = await (await http.GetAsync("/api/models/deleted-while-training/versions")).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/models/deleted-while-training/versions/1")).StatusCode);
    }

    [Fact]
    public async Task A_training_run_again_after_it_succeeded_leaves_the_ready_version_as_it_was()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("trained-once");
        var first = await http.TrainAsync("trained-once", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        var before = (await (await http.GetAsync("/api/models/trained-once/versions/1")).ReadJsonAsync()).GetRawText();
        var files = Directory.GetFiles(Path.Combine(host.StorePath, "models", "trained-once"), "*.zip", SearchOption.AllDirectories);
        var written = files.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // The same job's message delivered again (its worker's final save failed, say): it must not train over a serving version.
        var db = host.Connection.GetDatabase();
        var jobId = await QueueTrainingByHandAsync("trained-once", 1, "queued", attempts: 0);
        var again = await http.WaitForJobAsync($"/api/jobs/{jobId}");
        Assert.Equal("succeeded", again.GetProperty("status").GetString());

        Assert.Equal(before, (await (await http.GetAsync("/api/models/trained-once/versions/1")).ReadJsonAsync()).GetRawText());
        var now = Directory.GetFiles(Path.Combine(host.StorePath, "models", "trained-once"), "*.zip", SearchOption.AllDirectories);
        Assert.Equal(written.Keys.Order(), now.Order());
        Assert.All(now, f => Assert.Equal(written[f], File.GetLastWriteTimeUtc(f)));
    }

    [Fact]
    public async Task A_worker_whose_claim_was_taken_stops_its_run_and_the_job_runs_to_the_end_once()
    {
        host.Ingest.Add("iris-stolen", ModelWorkerData.IrisCsv, delay: TimeSpan.FromSeconds(4));
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-fenced");
        using var accepted = await http.PostAsJsonAsync("/api/models/iris-fenced/versions", new { datasetId = "iris-stolen", trainer = "lbfgs", seed = 1 });
        var location = accepted.Headers.Location!.ToString();
        var jobId = (await accepted.ReadJsonAsync()).GetProperty("id").GetString()!;
        var db = host.Connection.GetDatabase();
        RedisValue messageId = RedisValue.Null;
        for (var i = 0; i < 100 && messageId.IsNull; i++)
        {
            var job = await (await http.GetAsync(location)).ReadJsonAsync();
            if (job.GetProperty("status").GetString() == "running")
                messageId = (await db.StreamRangeAsync(JobStore.QueueKey)).FirstOrDefault(e => e["id"] == jobId).Id;
            else await Task.Delay(50);
        }
        Assert.False(messageId.IsNull, "the job never ran");

        // Another worker takes the claim over (as its XAUTOCLAIM would after a partition): the first must not take it back.
        await db.StreamClaimIdsOnlyAsync(JobStore.QueueKey, JobStore.Group, "thief", 0, [messageId]);
        await Task.Delay(ModelWorkerHost.ClaimTimeout * 0.6); // more than one heartbeat, less than a claim timeout
        var owner = (await db.StreamPendingMessagesAsync(JobStore.QueueKey, JobStore.Group, 10, RedisValue.Null, messageId, messageId)).Single();
        Assert.Equal("thief", owner.ConsumerName.ToString());

        // The thief never runs it: once its claim times out the job is taken over again and runs to the end, once.
        var ended = await http.WaitForJobAsync(location, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal(2, (int)await db.HashGetAsync(JobStore.Key(jobId), "attempts"));
        Assert.Single(Directory.GetFiles(host.VersionFolder("iris-fenced", 1), "model-*.zip"));
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_taken_over_after_the_claim_timeout_and_runs_to_the_end()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-orphan");
        // The version shows as training, as the training endpoint leaves it: only such a version can be made ready.
        Directory.CreateDirectory(host.VersionFolder("iris-orphan", 7));
        await File.WriteAllTextAsync(Path.Combine(host.VersionFolder("iris-orphan", 7), "version.json"), JsonSerializer.Serialize(new
        {
            model = "iris-orphan", version = 7, status = "training", trainer = "lbfgs", datasetId = "iris", datasetVersion = 1,
            metrics = new { }, inputs = Array.Empty<object>(), outputs = Array.Empty<object>(), sizeBytes = 0, trainingSeconds = 0, createdAt = DateTimeOffset.UtcNow,
        }));
        var db = host.Connection.GetDatabase();
        // Hold the queue's next message as a consumer that then dies: only the take-over can run the job.
        var dead = "dead-worker";
        var jobId = await QueueTrainingByHandAsync("iris-orphan", 7, "running", attempts: 1);
        // The live worker polls every 50 ms: the dead one may lose the race for the message, so make it read until it holds ours.
        var held = false;
        for (var i = 0; i < 100 && !held; i++)
        {
            var pending = await db.StreamPendingMessagesAsync(JobStore.QueueKey, JobStore.Group, 100, RedisValue.Null);
            held = pending.Any(p => p.ConsumerName == dead);
            if (!held) await db.StreamReadGroupAsync(JobStore.QueueKey, JobStore.Group, dead, ">", 1);
        }

        var job = await http.WaitForJobAsync($"/api/jobs/{jobId}", TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(2, (int)await db.HashGetAsync(JobStore.Key(jobId), "attempts"));
        var version = await (await http.GetAsync("/api/models/iris-orphan/versions/7")).ReadJsonAsync();
        Assert.Equal("ready", version.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_started_too_many_times_is_marked_failed_not_run_again()
    {
        using var http = host.CreateClient();
        var db = host.Connection.GetDatabase();
        var jobId = await QueueTrainingByHandAsync("never", 1, "running", attempts: 2);

        var job = await http.WaitForJobAsync($"/api/jobs/{jobId}", TimeSpan.FromSeconds(30));
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("given up", job.GetProperty("error").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_queued_job_that_is_cancelled_is_kept_for_the_retention_only_like_any_ended_job()
    {
        using var http = host.CreateClient();
        // Queued and not yet taken by a worker: the state alone, no message on the queue.
        var jobId = await WriteTrainingJobByHandAsync("never-queued", 1, "queued", attempts: 0);

        using var cancel = await http.DeleteAsync($"/api/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.ReadJsonAsync()).GetProperty("status").GetString());
        var retention = host.Factory.Services.GetRequiredService<IOptions<JobOptions>>().Value.Retention;
        var left = await host.Connection.GetDatabase().KeyTimeToLiveAsync(JobStore.Key(jobId));
        Assert.NotNull(left);
        Assert.InRange(left.Value, retention - TimeSpan.FromMinutes(1), retention);
    }

    [Fact]
    public async Task A_worker_that_read_a_queued_job_before_it_was_cancelled_cannot_mark_it_running()
    {
        var jobs = host.Factory.Services.GetRequiredService<JobStore>();
        var jobId = await WriteTrainingJobByHandAsync("cancelled-first", 1, "queued", attempts: 0);
        var read = (await jobs.GetAsync(jobId))!;

        Assert.NotNull(await jobs.RequestCancelAsync(jobId));
        await jobs.SaveAsync(read with { Status = JobStatus.Running, StartedAt = DateTimeOffset.UtcNow });

        Assert.Equal(JobStatus.Cancelled, (await jobs.GetAsync(jobId))!.Status);
    }

    /// <summary>Puts a training job on the queue by hand, as a worker finds it after an earlier run: its state and its attempts so far.</summary>
    private async Task<string> QueueTrainingByHandAsync(string model, int version, string status, int attempts)
    {
        var jobId = await WriteTrainingJobByHandAsync(model, version, status, attempts);
        await host.Connection.GetDatabase().StreamAddAsync(JobStore.QueueKey, "id", jobId);
        return jobId;
    }

    /// <summary>Writes a training job's state by hand (no message on the queue): its status and its attempts so far.</summary>
    private async Task<string> WriteTrainingJobByHandAsync(string model, int version, string status, int attempts)
    {
        var db = host.Connection.GetDatabase();
        var jobId = JobStore.NewId();
        await db.HashSetAsync(JobStore.Key(jobId), [
            new HashEntry("job", JsonSerializer.Serialize(new { id = jobId, kind = "train", status, progress = 0, createdAt = DateTimeOffset.UtcNow, startedAt = DateTimeOffset.UtcNow })),
            new HashEntry("payload", JsonSerializer.Serialize(new
            {
                model, version, datasetId = "iris", datasetVersion = 1, trainer = "lbfgs", testFraction = 0.2, seed = 1,
                features = ModelWorkerData.IrisFeatures, label = "species", labelType = "string", task = "multiclass-classification",
            })),
            new HashEntry("attempts", attempts),
        ]);
        return jobId;
    }
}
