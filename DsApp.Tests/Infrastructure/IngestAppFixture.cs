using Microsoft.Extensions.Logging;
using DsApp.Ingest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// The ingest service in process, with a real redis-server on a free port and a fresh store folder.
/// The upload limit is small (<see cref="UploadLimit"/>) so the 413 path is cheap to reach.
/// </summary>
public sealed class IngestAppFixture : WebApplicationFactory<IngestService>, IAsyncLifetime
{
    public const long UploadLimit = 2 * 1024 * 1024;

    private readonly RedisServerFixture _redis = new();

    public string StorePath { get; } = Directory.CreateTempSubdirectory("dsapp-ingest-store-").FullName;
    public int RedisPort => _redis.Port;
    public LogRecorder Logs { get; } = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder) => ApplySettings(builder, StorePath, RedisPort, Logs);

    /// <summary>The settings of an in-process ingest service: its Redis, its store folder, the small upload limit, the test gateway's secret.</summary>
    public static void ApplySettings(IWebHostBuilder builder, string storePath, int redisPort, LogRecorder logs)
    {
        builder.UseSetting("ConnectionStrings:cache", $"127.0.0.1:{redisPort}");
        builder.UseSetting("Storage:Path", storePath);
        builder.UseSetting("Ingest:MaxUploadBytes", UploadLimit.ToString());
        builder.BehindTestGateway();
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(logs));
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsGateway();
    }

    /// <summary>Every object key in the store (temporary files of writes in flight included), sorted.</summary>
    public IReadOnlyList<string> StoredKeys(string under = "") =>
        Directory.EnumerateFiles(StorePath, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(StorePath, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(under, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
        try { Directory.Delete(StorePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class IngestAppCollection : ICollectionFixture<IngestAppFixture>
{
    public const string Name = "ingest in process";
}

/// <summary>
/// The ingest service in process, for tests that measure the whole process (its allocations): xunit runs this
/// collection alone, after the others, so no other test's work is counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IngestAloneCollection : ICollectionFixture<IngestAppFixture>
{
    public const string Name = "ingest in process, alone";
}
