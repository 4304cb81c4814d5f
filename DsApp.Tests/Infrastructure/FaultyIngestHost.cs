using DsApp.Ingest;
using DsApp.Platform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DsApp.Tests.Infrastructure;

/// <summary>Where a fault suite keeps its objects: a fresh folder, or a fresh prefix in s3rver's bucket.</summary>
public abstract class StorePlace : IDisposable
{
    /// <summary>A new store object over the place, as one replica (or a client that is not the service) would have.</summary>
    public abstract IObjectStore Open();

    /// <summary>The service's <c>Storage</c> settings for this place.</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> Settings { get; }

    public virtual void Dispose() { }
}

public sealed class FolderPlace : StorePlace
{
    private readonly string _path = Directory.CreateTempSubdirectory("dsapp-faults-").FullName;

    public override IObjectStore Open() => new FileObjectStore(_path);

    public override IEnumerable<KeyValuePair<string, string>> Settings => [new("Storage:Path", _path)];

    public override void Dispose()
    {
        try { Directory.Delete(_path, recursive: true); } catch (IOException) { }
    }
}

public sealed class S3rverPlace(S3rverFixture s3) : StorePlace
{
    private readonly string _prefix = $"faults/{Guid.NewGuid():N}";

    public override IObjectStore Open() => s3.CreateStore(_prefix);

    public override IEnumerable<KeyValuePair<string, string>> Settings => s3.StorageSettings(_prefix);
}

/// <summary>
/// One ingest replica in process, whose object store is the real one of <see cref="StorePlace"/> behind a
/// <see cref="FaultyObjectStore"/> the test puts faults on. Several hosts on one place are replicas sharing a store.
/// </summary>
public sealed class FaultyIngestHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<IngestService> _root = new();
    private readonly WebApplicationFactory<IngestService> _factory;

    /// <param name="redis">The Redis connection string (a dead port for an outage).</param>
    public FaultyIngestHost(StorePlace place, string redis)
    {
        Store = new FaultyObjectStore(place.Open());
        _factory = _root.WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:cache", redis);
            foreach (var (key, value) in place.Settings) web.UseSetting(key, value);
            web.UseEnvironment("Testing");
            web.BehindTestGateway();
            web.ConfigureLogging(logging => logging.AddProvider(Logs));
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<IObjectStore>();
                services.AddSingleton<IObjectStore>(Store);
                services.AddSingleton<IStartupFilter>(new WatchRequests(this));
            });
        });
        Client = CreateClient();
    }

    public FaultyObjectStore Store { get; }
    public HttpClient Client { get; }
    public LogRecorder Logs { get; } = new();
    public IServiceProvider Services => _factory.Services;

    /// <summary>Called as each request enters the service (to see its <see cref="HttpContext.RequestAborted"/>, say).</summary>
    public Action<HttpContext>? RequestStarted { get; set; }

    /// <summary>Called once the service is done with a request, whether or not its client still listens.</summary>
    public Action<HttpContext>? RequestEnded { get; set; }

    public HttpClient CreateClient() => _factory.CreateClient().AsGateway();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    private sealed class WatchRequests(FaultyIngestHost host) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                host.RequestStarted?.Invoke(context);
                try
                {
                    await following(context);
                }
                finally
                {
                    host.RequestEnded?.Invoke(context);
                }
            });
            next(app);
        };
    }
}
