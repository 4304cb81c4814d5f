using System.Text;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;
using StackExchange.Redis;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>What an <c>Idempotency-Key</c> on <c>POST /api/datasets</c> answers for: one request, of one caller, under one key.</summary>
[Collection(IngestAppCollection.Name)]
public sealed class IdempotencyKeyTests(IngestAppFixture app)
{
    private readonly HttpClient _client = app.CreateClient();

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    [Fact]
    public async Task The_same_key_and_body_naming_another_dataset_or_name_is_a_422_not_a_replay()
    {
        var key = NewKey();
        using var first = await _client.PostCsvWithKeyAsync(key, "a\n1\n", id: "named-a");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        await (await _client.PostCsvWithKeyAsync(key, "a\n1\n", id: "named-b")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.DoesNotContain("named-b", app.DatasetIds());
        await (await _client.PostCsvWithKeyAsync(key, "a\n1\n", id: "named-a", name: "Another name")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        using var retry = await _client.PostCsvWithKeyAsync(key, "a\n1\n", id: "named-a");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.IsReplay());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_kept_answer_of_a_key_ending_in_claim_is_not_the_claim_of_the_shorter_key()
    {
        var key = NewKey();
        using (var suffixed = await _client.PostCsvWithKeyAsync($"{key}:claim", "a\n1\n", id: "claim-suffixed"))
            Assert.Equal(HttpStatusCode.Created, suffixed.StatusCode);
        using var plain = await _client.PostCsvWithKeyAsync(key, "a\n2\n", id: "claim-plain");
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }

    [Fact]
    public async Task The_claim_of_a_request_in_flight_is_not_the_kept_answer_of_a_key_ending_in_claim()
    {
        var key = NewKey();
        // Without the redirect handler, which would read the whole body before sending it.
        using var streaming = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var claimsBefore = await ClaimsAsync();
        var release = new TaskCompletionSource();
        var inFlight = streaming.PostWithKeyAsync(key, new HeldBackContent("a\n1\n", release.Task, "2\n"), id: "claim-in-flight");
        await WaitForANewClaimAsync(claimsBefore);
        using (var longer = await _client.PostCsvWithKeyAsync($"{key}:claim", "a\n3\n", id: "claim-longer"))
            Assert.True(longer.StatusCode == HttpStatusCode.Created, $"{longer.StatusCode}: {await longer.Content.ReadAsStringAsync()}");
        release.SetResult();
        using var finished = await inFlight;
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    [Fact]
    public async Task Two_callers_using_one_key_each_get_their_own_answer()
    {
        var key = NewKey();
        using var alice = await _client.PostCsvWithKeyAsync(key, "a\n1\n", caller: "alice");
        Assert.Equal(HttpStatusCode.Created, alice.StatusCode);
        using var bob = await _client.PostCsvWithKeyAsync(key, "a\n1\n", caller: "bob");
        Assert.Equal(HttpStatusCode.Created, bob.StatusCode);
        Assert.False(bob.IsReplay());
        Assert.NotEqual(alice.Headers.Location, bob.Headers.Location);

        using var aliceAgain = await _client.PostCsvWithKeyAsync(key, "a\n1\n", caller: "alice");
        Assert.True(aliceAgain.IsReplay());
        Assert.Equal(alice.Headers.Location, aliceAgain.Headers.Location);
    }

    [Fact]
    public async Task A_call_around_the_gateway_is_scoped_to_its_own_key_not_to_a_caller_it_names()
    {
        const string adminKey = "admin-key-for-idempotency-tests-0001";
        await using var replica = app.WithWebHostBuilder(web =>
        {
            web.UseSetting("Gateway:ApiKeys:ops:Hash", ApiKeyHash.Of(adminKey));
            web.UseSetting("Gateway:ApiKeys:ops:Role", "admin");
        });
        using var fromGateway = replica.CreateClient();
        var key = NewKey();
        using var alice = await fromGateway.PostCsvWithKeyAsync(key, "a\n1\n", caller: "alice");
        Assert.Equal(HttpStatusCode.Created, alice.StatusCode);

        using var direct = new HttpClient(replica.Server.CreateHandler()) { BaseAddress = replica.Server.BaseAddress };
        direct.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        using var posing = await direct.PostCsvWithKeyAsync(key, "a\n1\n", caller: "alice");
        Assert.Equal(HttpStatusCode.Created, posing.StatusCode);
        Assert.False(posing.IsReplay());
        Assert.NotEqual(alice.Headers.Location, posing.Headers.Location);
    }

    private async Task<HashSet<string>> ClaimsAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{app.RedisPort}");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var claims = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: "dsapp:idempotency:*:claim")) claims.Add(key.ToString());
        return claims;
    }

    /// <summary>Until a request holds an idempotency claim that was not there before (the tests of this collection run one at a time).</summary>
    private async Task WaitForANewClaimAsync(HashSet<string> before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await ClaimsAsync()).Except(before).Any())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no request claimed its key");
            await Task.Delay(20);
        }
    }

    /// <summary>A body whose end is sent only when the test says so: the request stays in flight, holding its claim.</summary>
    private sealed class HeldBackContent : HttpContent
    {
        private readonly string _head;
        private readonly Task _release;
        private readonly string _tail;

        public HeldBackContent(string head, Task release, string tail)
        {
            (_head, _release, _tail) = (head, release, tail);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(_head));
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(_tail));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
