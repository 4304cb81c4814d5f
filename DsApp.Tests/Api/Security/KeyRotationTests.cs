using DsApp.ServiceDefaults.Security;

namespace DsApp.Tests.Api.Security;

public sealed class KeyRotationTests
{
    private const string OldKey = "rotation-old-key-000000000000001";
    private const string NewKey = "rotation-new-key-000000000000002";

    private static async Task<HttpStatusCode> DeleteWithAsync(GatewayHost gateway, string key)
    {
        using var client = gateway.Client(key);
        using var response = await client.DeleteAsync("/api/datasets/iris");
        return response.StatusCode;
    }

    [Fact]
    public async Task Two_keys_are_valid_at_once_so_a_key_can_be_replaced_without_downtime()
    {
        // During the rotation both are configured; the service behind is down, so let through = 503.
        using (var during = GatewayHost.With(
            ("Gateway:ApiKeys:ops-2025:Hash", ApiKeyHash.Of(OldKey)), ("Gateway:ApiKeys:ops-2025:Role", "admin"),
            ("Gateway:ApiKeys:ops-2026:Hash", ApiKeyHash.Of(NewKey)), ("Gateway:ApiKeys:ops-2026:Role", "admin")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await DeleteWithAsync(during, OldKey));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await DeleteWithAsync(during, NewKey));
        }
        // After it, only the new one.
        using var after = GatewayHost.With(("Gateway:ApiKeys:ops-2026:Hash", ApiKeyHash.Of(NewKey)), ("Gateway:ApiKeys:ops-2026:Role", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, await DeleteWithAsync(after, OldKey));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await DeleteWithAsync(after, NewKey));
    }
}
