using DsApp.ModelWorker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DsApp.Tests.Infrastructure;

/// <summary>The model worker in process, with a real Redis, a temporary store folder and the ingest stand-in; shared by a collection.</summary>
public sealed class ModelWorkerHost : IAsyncLifetime
{
    public RedisServerFixture Redis { get; } = new();
    public IngestStandIn Ingest { get; } = new();
    public string StorePath { get; } = Directory.CreateTempSubdirectory("dsapp-modelworker-store-").FullName;
    public WebApplicationFactory<ModelWorkerService> Factory { get; private set; } = null!;
    public IConnectionMultiplexer Connection { get; private set; } = null!;
    public LogRecorder Logs { get; } = new();

    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CatalogMaxAge = TimeSpan.FromSeconds(1);
    public const int MaxRows = 50;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await Ingest.InitializeAsync();
        Ingest.Add("iris", ModelWorkerData.IrisCsv);
        Factory = new WebApplicationFactory<ModelWorkerService>().WithWebHostBuilder(web =>
        {
            ApplySettings(web, Redis.ConnectionString, StorePath, Logs);
            web.UseSetting("Ingest:BaseAddress", Ingest.BaseAddress);
        });
        _ = Factory.Server; // starts the host and its workers
        Connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
    }

    /// <summary>The settings of an in-process model worker (all but where its ingest service is): its Redis and store folder, quick jobs, at most 50 rows a request.</summary>
    public static void ApplySettings(IWebHostBuilder web, string redis, string storePath, LogRecorder logs)
    {
        web.UseEnvironment("Testing");
        web.UseSetting("ConnectionStrings:cache", redis);
        web.UseSetting("Storage:Path", storePath);
        web.UseSetting("Jobs:PollInterval", "00:00:00.050");
        web.UseSetting("Jobs:ClaimTimeout", ClaimTimeout.ToString());
        web.UseSetting("Inference:MaxRows", MaxRows.ToString());
        web.UseSetting("Inference:CatalogMaxAge", CatalogMaxAge.ToString());
        web.BehindTestGateway();
        web.ConfigureLogging(logging => logging.AddProvider(logs));
    }

    /// <summary>A client calling as the gateway does (with the internal secret); <see cref="CreateOutsideClient"/> calls around it.</summary>
    public HttpClient CreateClient()
    {
        return Factory.CreateClient().AsGateway();
    }

    public HttpClient CreateOutsideClient() => Factory.CreateClient();

    private Task<string>? _iris;

    /// <summary>A model named <c>iris</c> with one ready version (lbfgs, seed 1), trained once for the tests that only read it.</summary>
    public Task<string> ReadyIrisAsync() => _iris ??= TrainIrisAsync();

    private async Task<string> TrainIrisAsync()
    {
        using var http = CreateClient();
        (await http.CreateModelAsync("iris")).EnsureSuccessStatusCode();
        var job = await http.TrainAsync("iris", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        return "iris";
    }

    /// <summary>
    /// Creates <paramref name="model"/> and starts its training on a dataset of its own that ingest takes
    /// <paramref name="delay"/> to send, so the job stays queued or running that long; returns the job's location.
    /// </summary>
    public async Task<string> StartSlowTrainingAsync(HttpClient http, string model, TimeSpan delay)
    {
        Ingest.Add($"{model}-data", ModelWorkerData.IrisCsv, delay);
        await http.CreateModelAsync(model);
        using var accepted = await http.PostAsJsonAsync($"/api/models/{model}/versions", new { datasetId = $"{model}-data", trainer = "lbfgs", seed = 1 });
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        return accepted.Headers.Location!.ToString();
    }

    /// <summary>The generation the store's manifest of <paramref name="model"/> names: its objects are kept under it.</summary>
    public string GenerationOf(string model)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(StorePath, "models", model, "model.json")));
        return manifest.RootElement.GetProperty("generation").GetString()!;
    }

    /// <summary>The folder of one version of the model's current incarnation.</summary>
    public string VersionFolder(string model, int version) => Path.Combine(StorePath, "models", model, GenerationOf(model), "versions", version.ToString());

    /// <summary>The one model file of a version.</summary>
    public string ArtifactPath(string model, int version) => Assert.Single(Directory.GetFiles(VersionFolder(model, version), "model-*.zip"));

    public async Task DisposeAsync()
    {
        if (Factory is not null) await Factory.DisposeAsync();
        if (Connection is not null) await Connection.DisposeAsync();
        await Ingest.DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(StorePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ModelWorkerCollection : ICollectionFixture<ModelWorkerHost>
{
    public const string Name = "the model worker in process";
}
