using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Api.Security;

/// <summary>The gateway keeps the key at the door and tells the services whose key it was, so they can keep each client's state apart.</summary>
public sealed class CallerForwardingTests
{
    private const string CallerHeader = "X-DsApp-Caller";

    [Fact]
    public async Task The_services_learn_the_name_of_the_key_and_never_a_name_the_client_sent()
    {
        await using var backend = await CallerEchoBackendAsync();
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

    /// <summary>Stands in for the ingest service: answers the caller the gateway named, or "(none)".</summary>
    private static Task<StandInService> CallerEchoBackendAsync() => StandInService.StartAsync(app =>
        app.MapGet("/api/datasets", (HttpRequest request) =>
            request.Headers.TryGetValue(CallerHeader, out var caller) ? string.Join("|", caller.ToArray()) : "(none)"));
}
