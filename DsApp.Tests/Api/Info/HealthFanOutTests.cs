using System.Collections.Concurrent;
using System.Diagnostics;
using DsApp.Ingest;
using DsApp.ModelWorker;
using Xunit.Abstractions;

namespace DsApp.Tests.Api.Info;

/// <summary>
/// Every service's <c>/health</c> runs its checks (a Redis PING, an object-store LIST), and the gateway's asks every
/// service: an anonymous client must not drive them at its own pace. The gateway limits probes per client address, and
/// each service answers from a report it keeps for a moment. Real services on real ports, with their stores counted.
/// </summary>
public sealed class HealthFanOutTests(HealthFanOutTests.Stack stack, ITestOutputHelper output) : IClassFixture<HealthFanOutTests.Stack>
{
    [Fact]
    public async Task Two_thousand_anonymous_health_requests_from_one_address_are_limited_and_list_each_store_at_most_once_a_second()
    {
        using var gateway = stack.Gateway();
        using var client = gateway.Client();
        var ingestLists = HealthLists(stack.Ingest.Store);
        var workerLists = HealthLists(stack.Worker.Store);

        var clock = Stopwatch.StartNew();
        var answers = await SendAsync(client, Enumerable.Repeat("/health", 2000), parallel: 16);
        var seconds = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);

        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count > 1000, $"{refused.Count} of 2000 were refused in {seconds} s");
        Assert.All(refused, a => Assert.True(a.RetryAfter > 0));
        output.WriteLine($"{refused.Count} of 2000 refused in {seconds} s; store listed {HealthLists(stack.Ingest.Store) - ingestLists} (ingest), {HealthLists(stack.Worker.Store) - workerLists} (model worker) times");
        // Listed at most once per second kept, per service, however many probes got through (none when a result was fresh).
        Assert.InRange(HealthLists(stack.Ingest.Store) - ingestLists, 0, seconds + 1);
        Assert.InRange(HealthLists(stack.Worker.Store) - workerLists, 0, seconds + 1);
    }

    [Fact]
    public async Task A_service_asked_for_its_health_two_thousand_times_lists_its_store_at_most_once_a_second()
    {
        using var client = stack.Ingest.Client();
        var before = HealthLists(stack.Ingest.Store);

        var clock = Stopwatch.StartNew();
        var answers = await SendAsync(client, Enumerable.Repeat("/health", 2000), parallel: 16);
        var seconds = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var listed = HealthLists(stack.Ingest.Store);
        Assert.InRange(listed - before, 0, seconds + 1);

        // Once the kept result is older than its second, the next probe runs the checks again.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using (var fresh = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(listed + 1, HealthLists(stack.Ingest.Store));
    }

    [Fact]
    public async Task A_load_balancer_probing_a_few_times_a_second_is_never_limited_even_from_an_address_over_its_api_limit()
    {
        using var gateway = stack.Gateway();
        using var client = gateway.Client();
        // The address spends its anonymous budget on calls without a key first.
        var calls = await SendAsync(client, Enumerable.Repeat("/api/datasets", 200), parallel: 8);
        Assert.Contains(calls, a => a.Status == HttpStatusCode.TooManyRequests);

        // Eight probes a second for four seconds: more than any burst, at a pace a load balancer may keep.
        var probes = new List<HttpStatusCode>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 32; i++)
        {
            using (var probe = await client.GetAsync(i % 2 == 0 ? "/health" : "/alive")) probes.Add(probe.StatusCode);
            var next = TimeSpan.FromMilliseconds(125 * (i + 1)) - clock.Elapsed;
            if (next > TimeSpan.Zero) await Task.Delay(next);
        }
        Assert.All(probes, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    /// <summary>The object-store listings the health checks made (they list <c>health/</c>).</summary>
    private static int HealthLists(FaultyObjectStore store) => store.Calls.Count(c => c is { Operation: StoreOperation.List, Key: "health/" });

    private sealed record Answer(HttpStatusCode Status, int RetryAfter);

    private static async Task<List<Answer>> SendAsync(HttpClient client, IEnumerable<string> paths, int parallel)
    {
        var answers = new ConcurrentBag<Answer>();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (path, cancellationToken) =>
        {
            using var response = await client.GetAsync(path, cancellationToken);
            answers.Add(new Answer(response.StatusCode, (int)(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0)));
        });
        return [.. answers];
    }

    /// <summary>Redis, ingest and the model worker on real ports; each test puts its own gateway in front.</summary>
    public sealed class Stack : IAsyncLifetime
    {
        private readonly RedisServerFixture _redis = new();
        private readonly FolderPlace _ingestPlace = new();
        private readonly FolderPlace _workerPlace = new();

        public ListeningService<IngestService> Ingest { get; private set; } = null!;
        public ListeningService<ModelWorkerService> Worker { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _redis.InitializeAsync();
            Ingest = new ListeningService<IngestService>(_ingestPlace.Open(),
                [.. _ingestPlace.Settings, new("ConnectionStrings:cache", _redis.ConnectionString)]);
            Worker = new ListeningService<ModelWorkerService>(_workerPlace.Open(),
                [.. _workerPlace.Settings, new("ConnectionStrings:cache", _redis.ConnectionString), new("Ingest:BaseAddress", Ingest.Address)]);
            // Both ready before the tests count anything.
            foreach (var service in new[] { Ingest.Address, Worker.Address })
            {
                using var http = new HttpClient { BaseAddress = new Uri(service) };
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while ((await http.GetAsync("/health")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(100);
            }
        }

        public GatewayHost Gateway() => GatewayHost.With(("services:ingest:http:0", Ingest.Address), ("services:modelworker:http:0", Worker.Address));

        public async Task DisposeAsync()
        {
            Worker?.Dispose();
            Ingest?.Dispose();
            await _redis.DisposeAsync();
            _ingestPlace.Dispose();
            _workerPlace.Dispose();
        }
    }
}
