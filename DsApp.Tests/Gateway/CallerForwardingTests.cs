using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Gateway;

/// <summary>The gateway keeps the key at the door and tells the services whose key it was, so they can keep each client's state apart.</summary>
public sealed class CallerForwardingTests
{
    private const string CallerHeader = "X-DsApp-Caller";

    [Fact]
    public async Task The_services_learn_the_name_of_the_key_and_never_a_name_the_client_sent()
    {
        await using var backend = await CallerEchoBackend.StartAsync();
        using var gateway = GatewayHost.With(("services:ingest:http:0", backend.Address));

        using var reader = gateway.Client(GatewayHost.ReaderKey);
        Assert.Equal("reader", await reader.GetStringAsync("/api/datasets"));

        using var posing = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
        posing.Headers.Add(CallerHeader, "admin");
        using var answer = await reader.SendAsync(posing);
        Assert.Equal("reader", await answer.Content.ReadAsStringAsync());

        using var admin = gateway.Client(GatewayHost.AdminKey);
        Assert.Equal("admin", await admin.GetStringAsync("/api/datasets"));
    }

    /// <summary>A real HTTP server standing in for the ingest service: it answers the caller the gateway named, or "(none)".</summary>
    private sealed class CallerEchoBackend : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private CallerEchoBackend(WebApplication app, string address) => (_app, Address) = (app, address);
        public string Address { get; }

        public static async Task<CallerEchoBackend> StartAsync()
        {
            var address = $"http://127.0.0.1:{Support.FreePort.Next()}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(address);
            var app = builder.Build();
            app.MapGet("/api/datasets", (HttpRequest request) =>
                request.Headers.TryGetValue(CallerHeader, out var caller) ? string.Join("|", caller.ToArray()) : "(none)");
            await app.StartAsync();
            return new CallerEchoBackend(app, address);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
