using DsApp.ModelWorker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;

namespace DsApp.Tests.ModelWorker.Training;

/// <summary><c>POST /api/models/{name}/versions</c> with an <c>Idempotency-Key</c>: retries queue one training, per caller.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class TrainingIdempotencyTests(ModelWorkerHost host)
{
    private static HttpRequestMessage Train(string model, string key, object body, string? caller = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/versions") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        if (caller is not null) request.Headers.Add("X-DsApp-Caller", caller);
        return request;
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_queue_one_training_and_make_one_version()
    {
        using var http = host.CreateClient();
        (await http.CreateModelAsync("iris-retried")).EnsureSuccessStatusCode();
        var body = new { datasetId = "iris", trainer = "sdca", seed = 3 };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await http.SendAsync(Train("iris-retried", "one-retried-key", body));
            return (response.StatusCode, Location: response.Headers.Location?.ToString(), Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"{a.StatusCode}: {a.Body}"));
        var job = Assert.Single(answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Select(a => a.Location).Distinct());
        await http.WaitForJobAsync(job!);
        var versions = await (await http.GetAsync("/api/models/iris-retried/versions")).ReadJsonAsync();
        Assert.Equal(1, versions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Two_callers_using_one_key_each_queue_their_own_training()
    {
        using var http = host.CreateClient();
        (await http.CreateModelAsync("iris-two-callers")).EnsureSuccessStatusCode();
        var body = new { datasetId = "iris", trainer = "sdca", seed = 4 };

        using var alice = await http.SendAsync(Train("iris-two-callers", "shared-key", body, caller: "alice"));
        using var bob = await http.SendAsync(Train("iris-two-callers", "shared-key", body, caller: "bob"));

        Assert.Equal(HttpStatusCode.Accepted, alice.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, bob.StatusCode);
        Assert.NotEqual(alice.Headers.Location, bob.Headers.Location);
        await http.WaitForJobAsync(alice.Headers.Location!.ToString());
        await http.WaitForJobAsync(bob.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_same_key_and_body_for_another_model_is_a_422()
    {
        using var http = host.CreateClient();
        (await http.CreateModelAsync("iris-key-first")).EnsureSuccessStatusCode();
        (await http.CreateModelAsync("iris-key-second")).EnsureSuccessStatusCode();
        var body = new { datasetId = "iris", trainer = "sdca", seed = 5 };

        using var first = await http.SendAsync(Train("iris-key-first", "one-model-key", body));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await (await http.SendAsync(Train("iris-key-second", "one-model-key", body))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await http.WaitForJobAsync(first.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_retry_after_redis_lost_the_answer_replays_the_training_instead_of_queueing_a_second()
    {
        // A replica whose Redis user may queue jobs and take claims and locks but may not keep an answer (SET): a blip
        // at exactly the moment after the training was queued.
        const string user = "cannot-keep-training-answers", password = "cannot-keep-training-answers-password";
        await host.Connection.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "reset", "on", $">{password}", "~*", "&*", "+@all", "-set", "-setex", "-psetex",
            "(+set +setex +psetex ~dsapp:idempotency:*claim* ~dsapp:*:lock)");
        await using var replica = new WebApplicationFactory<ModelWorkerService>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:cache", $"{host.Redis.ConnectionString},user={user},password={password}");
            web.UseSetting("Storage:Path", host.StorePath);
            web.UseSetting("Ingest:BaseAddress", host.Ingest.BaseAddress);
            web.BehindTestGateway();
        });
        using var http = replica.CreateClient().AsGateway();
        (await http.CreateModelAsync("iris-answer-lost")).EnsureSuccessStatusCode();
        var body = new { datasetId = "iris", trainer = "sdca", seed = 4 };

        using var first = await http.SendAsync(Train("iris-answer-lost", "lost-answer-key", body));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var retry = await http.SendAsync(Train("iris-answer-lost", "lost-answer-key", body));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        await host.CreateClient().WaitForJobAsync(first.Headers.Location!.ToString());
        var versions = await (await http.GetAsync("/api/models/iris-answer-lost/versions")).ReadJsonAsync();
        Assert.Equal(1, versions.GetProperty("items").GetArrayLength());
        using var otherBody = await http.SendAsync(Train("iris-answer-lost", "lost-answer-key", new { datasetId = "iris", trainer = "lbfgs", seed = 4 }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
    }
}
