using System.Diagnostics;
using DsApp.Ingest;
using DsApp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DsApp.Tests.Ingest;

/// <summary>
/// The ingest service in process, with a real redis-server on a free port and a fresh store folder.
/// The upload limit is small (<see cref="UploadLimit"/>) so the 413 path is cheap to reach.
/// </summary>
public sealed class IngestAppFixture : WebApplicationFactory<IngestService>, IAsyncLifetime
{
    public const long UploadLimit = 2 * 1024 * 1024;

    private Process? _redis;

    public string StorePath { get; } = Directory.CreateTempSubdirectory("dsapp-ingest-store-").FullName;
    public int RedisPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", RedisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            start.ArgumentList.Add(argument);
        _redis = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _redis.OutputDataReceived += (_, _) => { };
        _redis.ErrorDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
        await FreePort.WaitUntilListeningAsync(RedisPort, TimeSpan.FromSeconds(20));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:cache", $"127.0.0.1:{RedisPort}");
        builder.UseSetting("Storage:Path", StorePath);
        builder.UseSetting("Ingest:MaxUploadBytes", UploadLimit.ToString());
        builder.BehindTestGateway();
        builder.UseEnvironment("Testing");
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
        if (_redis is { HasExited: false }) _redis.Kill(entireProcessTree: true);
        _redis?.Dispose();
        try { Directory.Delete(StorePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class IngestAppCollection : ICollectionFixture<IngestAppFixture>
{
    public const string Name = "ingest in process";
}
