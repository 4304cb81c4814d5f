using DsApp.Platform.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// A service (ingest or the model worker) in process on a real Kestrel port, so a gateway in process reaches it over
/// HTTP; its object store is a real one behind a <see cref="FaultyObjectStore"/>, which records every call.
/// </summary>
public sealed class ListeningService<TEntryPoint> : IDisposable where TEntryPoint : class
{
    private readonly WebApplicationFactory<TEntryPoint> _factory;

    public ListeningService(IObjectStore store, IEnumerable<KeyValuePair<string, string>> settings)
    {
        Store = new FaultyObjectStore(store);
        Address = $"http://127.0.0.1:{FreePort.Next()}";
        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseUrls(Address);
            web.BehindTestGateway();
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<IObjectStore>();
                services.AddSingleton<IObjectStore>(Store);
            });
        });
        _factory.UseKestrel();
        _factory.StartServer();
    }

    public string Address { get; }
    public FaultyObjectStore Store { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>A plain client of the service's port, presenting the gateway's proof.</summary>
    public HttpClient Client() => new HttpClient { BaseAddress = new Uri(Address) }.AsGateway();

    public void Dispose() => _factory.Dispose();
}
