using System.Text;
using DsApp.Ingest;
using DsApp.ModelWorker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Ingest, the model worker and the gateway in process, each on a real Kestrel port (raw TCP reaches every one, and the
/// body and header limits are Kestrel's own), with a real Redis and store folders: the worker reads datasets from that
/// ingest, the gateway forwards to both. Holds what the cases aim at: the dataset <see cref="Dataset"/> and the model
/// <see cref="Model"/> with one ready version trained from the iris sample.
/// </summary>
public sealed class HostileStack : IAsyncLifetime
{
    public const string Dataset = "hostile-existing";
    public const string Model = "iris";
    /// <summary>A dataset and a model of this name that cases may try to delete.</summary>
    public const string Spare = "hostile-spare";

    private readonly RedisServerFixture _redis = new();
    private readonly string _ingestStore = Directory.CreateTempSubdirectory("dsapp-hostile-ingest-").FullName;
    private readonly string _workerStore = Directory.CreateTempSubdirectory("dsapp-hostile-worker-").FullName;
    private WebApplicationFactory<IngestService>? _ingest;
    private WebApplicationFactory<ModelWorkerService>? _worker;
    private GatewayHost? _gateway;
    private IConnectionMultiplexer? _connection;

    /// <summary>What the three services log, together.</summary>
    public LogRecorder Logs { get; } = new();

    public Uri IngestAddress { get; } = new($"http://127.0.0.1:{FreePort.Next()}");
    public Uri WorkerAddress { get; } = new($"http://127.0.0.1:{FreePort.Next()}");
    public Uri GatewayAddress => _gateway!.BaseAddress;

    public Uri AddressOf(Door door) => door switch
    {
        Door.Ingest => IngestAddress,
        Door.Worker => WorkerAddress,
        _ => GatewayAddress,
    };

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _ingest = OnKestrel(new WebApplicationFactory<IngestService>().WithWebHostBuilder(web =>
        {
            IngestAppFixture.ApplySettings(web, _ingestStore, _redis.Port, Logs);
            web.UseUrls(IngestAddress.ToString());
        }));
        _worker = OnKestrel(new WebApplicationFactory<ModelWorkerService>().WithWebHostBuilder(web =>
        {
            ModelWorkerHost.ApplySettings(web, _redis.ConnectionString, _workerStore, Logs);
            // By its service name, as in the app: the worker's calls to it then carry the internal secret.
            web.UseSetting("services:ingest:http:0", IngestAddress.ToString());
            web.UseUrls(WorkerAddress.ToString());
        }));
        _gateway = new GatewayHost(new Dictionary<string, string?>
        {
            ["services:ingest:http:0"] = IngestAddress.ToString(),
            ["services:modelworker:http:0"] = WorkerAddress.ToString(),
            ["Gateway:InternalSecret"] = GatewayProof.InternalSecret,
            ["Gateway:BodyLimits:UploadBytes"] = IngestAppFixture.UploadLimit.ToString(),
            // Hundreds of cases in a row are not an attack on the rate limit.
            ["Gateway:RateLimits:KeyPermitsPerSecond"] = "100000", ["Gateway:RateLimits:KeyBurst"] = "100000",
            ["Gateway:RateLimits:AnonymousPermitsPerSecond"] = "100000", ["Gateway:RateLimits:AnonymousBurst"] = "100000",
            ["Gateway:RateLimits:ProbePermitsPerSecond"] = "100000", ["Gateway:RateLimits:ProbeBurst"] = "100000",
        }, logs: Logs);
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);

        using var ingest = Client(Door.Ingest);
        (await ingest.PostAsync($"/api/samples/iris?id={Model}", null)).EnsureSuccessStatusCode();
        (await ingest.PutAsync($"/api/datasets/{Dataset}", IngestClient.Body("a,b\n1,x\n2,y\n", "text/csv"))).EnsureSuccessStatusCode();
        (await ingest.PutAsync($"/api/datasets/{Spare}", IngestClient.Body("a\n1\n", "text/csv"))).EnsureSuccessStatusCode();
        using var worker = Client(Door.Worker);
        (await worker.CreateModelAsync(Spare)).EnsureSuccessStatusCode();
        (await worker.CreateModelAsync(Model)).EnsureSuccessStatusCode();
        var job = await worker.TrainAsync(Model, new { datasetId = Model, trainer = "lbfgs", seed = 1 });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    private static WebApplicationFactory<T> OnKestrel<T>(WebApplicationFactory<T> factory) where T : class
    {
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    /// <summary>A client of a door with its credentials: the internal secret for a service, the admin key for the gateway.</summary>
    public HttpClient Client(Door door)
    {
        if (door == Door.Gateway) return _gateway!.Client(GatewayHost.AdminKey);
        return new HttpClient { BaseAddress = AddressOf(door) }.AsGateway();
    }

    /// <summary>What a refused request must leave as it was: every object in both stores (name, size, time written), and the jobs Redis knows.</summary>
    public async Task<string> StoredStateAsync()
    {
        var state = new StringBuilder();
        foreach (var (name, root) in new[] { ("ingest", _ingestStore), ("worker", _workerStore) })
        {
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // A temporary file may go between listing and looking: it is then not there.
                var file = new FileInfo(path);
                if (file.Exists)
                    state.Append(name).Append(':').Append(Path.GetRelativePath(root, path)).Append(' ').Append(file.Length)
                        .Append(' ').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }
        state.Append("jobs: ").Append(await _connection!.GetDatabase().SortedSetLengthAsync(DsApp.ModelWorker.Jobs.JobStore.IndexKey)).Append('\n');
        return state.ToString();
    }

    /// <summary>The doors whose <c>/health</c> does not answer 200 now.</summary>
    public async Task<IReadOnlyList<string>> UnhealthyAsync()
    {
        var unhealthy = new List<string>();
        foreach (var door in Enum.GetValues<Door>())
        {
            using var client = new HttpClient { BaseAddress = AddressOf(door), Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                using var health = await client.GetAsync(Microsoft.Extensions.Hosting.Extensions.HealthPath);
                if (health.StatusCode != HttpStatusCode.OK) unhealthy.Add($"{door} /health {(int)health.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                unhealthy.Add($"{door} /health: {e.Message}");
            }
        }
        return unhealthy;
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        if (_worker is not null) await _worker.DisposeAsync();
        if (_ingest is not null) await _ingest.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        await _redis.DisposeAsync();
        foreach (var folder in new[] { _ingestStore, _workerStore })
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileStack>
{
    public const string Name = "hostile inputs against the whole stack in process";
}
