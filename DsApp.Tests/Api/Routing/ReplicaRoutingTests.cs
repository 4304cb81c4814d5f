using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Api.Routing;

/// <summary>
/// The gateway in front of two replicas of a service (two addresses under one name in service discovery): it spreads
/// requests over both, and steps around a replica that fails when that cannot do anything twice. A write that may
/// have reached a replica that died is never sent again, and its client is told it may have taken effect.
/// </summary>
public sealed class ReplicaRoutingTests
{
    private const string Prediction = """{"instances":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]}""";

    private static GatewayHost GatewayOver(string first, string second, params (string Key, string? Value)[] more) =>
        GatewayHost.With([("services:modelworker:http:0", first), ("services:modelworker:http:1", second), .. more]);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AnswerOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Reads_are_spread_over_both_replicas()
    {
        await using var replicas = await TwoReplicas.StartAsync(secondDiesWhileHandling: false);
        var (a, b, client) = (replicas.A, replicas.B, replicas.Client);

        for (var i = 0; i < 100; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);

        Assert.Equal(100, a.Reads + b.Reads);
        Assert.InRange(a.Reads, 20, 80);
    }

    [Fact]
    public async Task A_replica_that_refuses_connections_costs_no_request_of_any_kind()
    {
        await using var a = await ReplicaStandIn.StartAsync("a");
        using var gateway = GatewayOver(a.Address, GatewayHost.Unreachable);
        using var client = gateway.Client(GatewayHost.AdminKey);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
            using var predicted = await client.PostAsync("/api/models/iris/predict", Json(Prediction));
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
            Assert.Equal(Prediction, (await AnswerOf(predicted)).GetProperty("body").GetString());
            // A write that never reached a replica is as safe to send elsewhere as a read.
            using var written = await client.PostAsync("/api/models", Json($$"""{"name":"m{{i}}"}"""));
            Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        }
        Assert.Equal((20, 20, 20), (a.Reads, a.Predictions, a.Writes));
    }

    [Fact]
    public async Task Reads_and_predictions_that_a_dying_replica_dropped_are_answered_by_the_other_with_the_same_body()
    {
        await using var replicas = await TwoReplicas.StartAsync(secondDiesWhileHandling: true);
        var (a, b, client) = (replicas.A, replicas.B, replicas.Client);

        for (var i = 0; i < 30; i++)
        {
            using var read = await client.GetAsync("/api/models");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("a", (await AnswerOf(read)).GetProperty("replica").GetString());
            var body = Prediction.Replace("5.1", $"5.{i}");
            using var predicted = await client.PostAsync("/api/models/iris/predict", Json(body));
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
            Assert.Equal(body, (await AnswerOf(predicted)).GetProperty("body").GetString());
        }
        // The dying replica was asked (and dropped them) before the other answered.
        Assert.True(b.Reads + b.Predictions > 0, "the dying replica was never tried");
        Assert.Equal((30, 30), (a.Reads, a.Predictions));
    }

    [Fact]
    public async Task A_write_a_dying_replica_dropped_is_not_sent_again_and_answers_502_naming_the_idempotency_key()
    {
        await using var replicas = await TwoReplicas.StartAsync(secondDiesWhileHandling: true);
        var (a, b, client) = (replicas.A, replicas.B, replicas.Client);

        var created = 0;
        var dropped = 0;
        for (var i = 0; i < 30; i++)
        {
            using var written = await client.PostAsync("/api/models", Json($$"""{"name":"m{{i}}"}"""));
            if (written.StatusCode == HttpStatusCode.Created)
            {
                created++;
                continue;
            }
            dropped++;
            Assert.Equal(HttpStatusCode.BadGateway, written.StatusCode);
            Assert.Equal("application/problem+json", written.Content.Headers.ContentType?.MediaType);
            Assert.Null(written.Headers.RetryAfter);
            Assert.Contains("Idempotency-Key", (await AnswerOf(written)).GetProperty("detail").GetString());
        }
        // Every write reached exactly one replica: the dropped ones were never sent to the other.
        Assert.Equal((created, dropped), (a.Writes, b.Writes));
        Assert.True(dropped > 0, "the dying replica was never picked");
    }

    [Fact]
    public async Task With_one_replica_a_write_it_dropped_is_a_502_and_a_read_it_dropped_a_503_with_retry_after()
    {
        await using var only = await ReplicaStandIn.StartAsync("only");
        only.DiesWhileHandling = true;
        using var gateway = GatewayHost.With(("services:modelworker:http:0", only.Address));
        using var client = gateway.Client(GatewayHost.AdminKey);

        using var written = await client.PostAsync("/api/models", Json("""{"name":"m"}"""));
        Assert.Equal(HttpStatusCode.BadGateway, written.StatusCode);
        Assert.Null(written.Headers.RetryAfter);
        using var read = await client.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.NotNull(read.Headers.RetryAfter);
        Assert.Equal((1, 1), (only.Writes, only.Reads));
    }

    [Fact]
    public async Task A_replica_that_never_accepts_a_connection_is_given_up_after_the_connect_timeout()
    {
        await using var a = await ReplicaStandIn.StartAsync("a");
        using var silent = SilentListener.Start();
        var connectTimeout = TimeSpan.FromMilliseconds(500);
        // The active probe is put off (its one probe at start is not enough to take a replica out), so it is the
        // writes themselves that meet the silent replica: the balancer sends each to either replica.
        using var gateway = GatewayOver(a.Address, silent.Address,
            ("Gateway:Routing:ConnectTimeout", connectTimeout.ToString()), ("Gateway:Routing:HealthCheckInterval", "00:10:00"));
        using var client = gateway.Client(GatewayHost.AdminKey);

        var took = new List<TimeSpan>();
        while (took.Count < 30 && (took.Count == 0 || took.Max() < connectTimeout))
        {
            var clock = Stopwatch.StartNew();
            using var written = await client.PostAsync("/api/models", Json($$"""{"name":"m{{took.Count}}"}"""));
            Assert.Equal(HttpStatusCode.Created, written.StatusCode);
            took.Add(clock.Elapsed);
        }
        Assert.Equal(took.Count, a.Writes);
        // A write met the silent replica, waited for the connect timeout, then went to the live one; none waited much longer.
        Assert.True(took.Max() >= connectTimeout && took.Max() < connectTimeout + TimeSpan.FromSeconds(3),
            string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:F0} ms")));
    }

    /// <summary>Two stand-ins behind a gateway, the second one dropping what it is sent when asked to.</summary>
    private sealed class TwoReplicas : IAsyncDisposable
    {
        public required ReplicaStandIn A { get; init; }
        public required ReplicaStandIn B { get; init; }
        public required GatewayHost Gateway { get; init; }
        public required HttpClient Client { get; init; }

        public static async Task<TwoReplicas> StartAsync(bool secondDiesWhileHandling)
        {
            var a = await ReplicaStandIn.StartAsync("a");
            var b = await ReplicaStandIn.StartAsync("b");
            b.DiesWhileHandling = secondDiesWhileHandling;
            var gateway = GatewayOver(a.Address, b.Address);
            return new TwoReplicas { A = a, B = b, Gateway = gateway, Client = gateway.Client(GatewayHost.AdminKey) };
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Gateway.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    /// <summary>
    /// A listening socket whose accept queue is full and never drained: the kernel drops new connection attempts,
    /// as with a host that vanished, so a client waits instead of being refused.
    /// </summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly Socket _listener;
        private readonly List<Socket> _queued = [];

        private SilentListener(Socket listener) => _listener = listener;

        public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

        public static SilentListener Start()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(0);
            SilentListener listener = new(socket);
            for (var i = 0; i < 4; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try { client.Connect(socket.LocalEndPoint!); } catch (SocketException) { }
                listener._queued.Add(client);
            }
            return listener;
        }

        public void Dispose()
        {
            foreach (var socket in _queued) socket.Dispose();
            _listener.Dispose();
        }
    }
}
