using DsApp.ModelWorker;
using DsApp.Platform.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DsApp.Tests.Infrastructure;

/// <summary>One model worker in process over the real store of a <see cref="StorePlace"/>, behind a <see cref="FaultyObjectStore"/>.</summary>
public sealed class FaultyModelWorkerHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<ModelWorkerService> _root = new();
    private readonly WebApplicationFactory<ModelWorkerService> _factory;

    public FaultyModelWorkerHost(StorePlace place, string redis)
    {
        Store = new FaultyObjectStore(place.Open());
        _factory = _root.WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:cache", redis);
            // No training here: the models of this suite are imported files.
            web.UseSetting("Ingest:BaseAddress", "http://127.0.0.1:9");
            foreach (var (key, value) in place.Settings) web.UseSetting(key, value);
            web.BehindTestGateway();
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<IObjectStore>();
                services.AddSingleton<IObjectStore>(Store);
            });
        });
        Client = _factory.CreateClient().AsGateway();
    }

    public FaultyObjectStore Store { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
