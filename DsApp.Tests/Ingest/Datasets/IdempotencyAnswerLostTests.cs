using Microsoft.AspNetCore.Hosting;
using StackExchange.Redis;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>
/// A dataset committed, then Redis refused to keep its idempotency answer: a replica whose Redis user may take claims
/// and locks but may not write anything else (a Redis ACL), which is a blip at exactly the moment after the commit.
/// </summary>
[Collection(IngestAppCollection.Name)]
public sealed class IdempotencyAnswerLostTests(IngestAppFixture app)
{
    private const string User = "cannot-keep-answers";
    private const string Password = "cannot-keep-answers-password";

    [Theory]
    [InlineData(null)]
    [InlineData("answer-lost")]
    public async Task A_retry_after_the_answer_was_lost_replays_the_commit_instead_of_creating_a_second_dataset(string? id)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{app.RedisPort}");
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", User, "reset", "on", $">{Password}", "~*", "&*", "+@all", "-set", "-setex", "-psetex",
            "(+set +setex +psetex ~dsapp:idempotency:*claim* ~dsapp:*:lock)");
        await using var replica = app.WithWebHostBuilder(web =>
            web.UseSetting("ConnectionStrings:cache", $"127.0.0.1:{app.RedisPort},user={User},password={Password}"));
        using var client = replica.CreateClient();
        var keptBefore = await KeptAnswersAsync(admin);
        var datasetsBefore = app.DatasetIds();
        var key = $"key-{Guid.NewGuid():N}";

        using var first = await client.PostCsvWithKeyAsync(key, "a,b\n1,2\n", id);
        using var retry = await client.PostCsvWithKeyAsync(key, "a,b\n1,2\n", id);

        Assert.Single(app.DatasetIds().Except(datasetsBefore));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.IsReplay());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        // The fault was real: Redis never kept an answer; the store of record did.
        Assert.Equal(keptBefore, await KeptAnswersAsync(admin));
    }

    private static async Task<List<string>> KeptAnswersAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "dsapp:idempotency:*"))
            if (!key.ToString().Contains("claim", StringComparison.Ordinal)) keys.Add(key.ToString());
        return keys.Order(StringComparer.Ordinal).ToList();
    }
}
