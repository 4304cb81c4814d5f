using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace DsApp.Tests.Infrastructure;

/// <summary>A real HTTP server on a free loopback port, standing in for a service behind the gateway; the test maps what it answers.</summary>
public sealed class StandInService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private StandInService(WebApplication app, string address) => (_app, Address) = (app, address);

    public string Address { get; }

    public static async Task<StandInService> StartAsync(Action<WebApplication> map)
    {
        var address = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new StandInService(app, address);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
