using DsApp.ModelWorker.Jobs;
using StackExchange.Redis;

namespace DsApp.Tests.ModelWorker.Jobs;

/// <summary>
/// The job queue lives in Redis, which may lose it (a restart without persistence) or refuse part of a write. Nothing the
/// store of record holds may be stuck by that: a version in training whose job is gone can be deleted, a queue that
/// failed to take a job leaves neither a job nor a version behind, and the workers go on taking new jobs. A model
/// worker and a Redis of this class's own, since the tests empty it.
/// </summary>
public sealed class JobQueueLossTests(ModelWorkerHost host) : IClassFixture<ModelWorkerHost>
{
    [Fact]
    public async Task After_redis_lost_everything_a_new_training_still_runs()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("after-flush");
        await FlushRedisAsync();

        var job = await http.TrainAsync("after-flush", new { datasetId = "iris", trainer = "lbfgs", seed = 1 }, TimeSpan.FromSeconds(30));
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_version_in_training_whose_job_redis_lost_can_be_deleted()
    {
        using var http = host.CreateClient();
        var location = await host.StartSlowTrainingAsync(http, "lost-job", TimeSpan.FromSeconds(20));
        var version = await (await http.GetAsync("/api/models/lost-job/versions/1")).ReadJsonAsync();
        Assert.Equal("training", version.GetProperty("status").GetString());

        await FlushRedisAsync();

        await (await http.GetAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.DeleteAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound);
        using var deleted = await http.DeleteAsync("/api/models/lost-job/versions/1");
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());
        await (await http.GetAsync("/api/models/lost-job/versions/1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_version_whose_job_is_still_queued_or_running_cannot_be_deleted_before_the_job_is_cancelled()
    {
        using var http = host.CreateClient();
        var location = await host.StartSlowTrainingAsync(http, "live-job", TimeSpan.FromSeconds(3));

        var refused = await (await http.DeleteAsync("/api/models/live-job/versions/1")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cancel its job", refused.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync(location)).StatusCode);
        Assert.Equal("cancelled", (await http.WaitForJobAsync(location)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_queue_that_refuses_the_job_leaves_no_job_and_no_version_in_training()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("refused-queue");
        var db = host.Connection.GetDatabase();
        // The queue's key holds something that is not a stream: Redis refuses the job's message, and only that.
        await db.KeyDeleteAsync(JobStore.QueueKey);
        await db.StringSetAsync(JobStore.QueueKey, "not a stream");
        try
        {
            using var refused = await http.PostAsJsonAsync("/api/models/refused-queue/versions", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
            await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await db.KeyDeleteAsync(JobStore.QueueKey);
        }

        var queued = await (await http.GetAsync("/api/jobs?status=queued")).ReadJsonAsync();
        Assert.Equal(0, queued.GetProperty("items").GetArrayLength());
        var versions = await (await http.GetAsync("/api/models/refused-queue/versions")).ReadJsonAsync();
        Assert.DoesNotContain(versions.GetProperty("items").EnumerateArray(), v => v.GetProperty("status").GetString() == "training");
        // The queue heals: the next training runs.
        var job = await http.TrainAsync("refused-queue", new { datasetId = "iris", trainer = "lbfgs", seed = 1 }, TimeSpan.FromSeconds(30));
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    /// <summary>Everything Redis held is gone, as after a restart without persistence.</summary>
    private async Task FlushRedisAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{host.Redis.ConnectionString},allowAdmin=true");
        await admin.GetServer(admin.GetEndPoints().Single()).FlushDatabaseAsync();
    }
}
