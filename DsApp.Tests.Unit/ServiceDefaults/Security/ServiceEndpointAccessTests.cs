using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Unit.ServiceDefaults.Security;

/// <summary>
/// A service called with a key (around the gateway) asks the role the matched endpoint declares: the predictor's key
/// predicts, an endpoint anyone may call through the gateway still wants a key, and one that declares nothing wants an admin's.
/// </summary>
public sealed class ServiceEndpointAccessTests
{
    private const string PredictorKey = "predictor-key-for-service-access-tests";
    private const string ReaderKey = "reader-key-for-service-access-tests";

    [Theory]
    [InlineData(ApiRole.Predictor, PredictorKey, StatusCodes.Status200OK)]
    [InlineData(ApiRole.Predictor, ReaderKey, StatusCodes.Status403Forbidden)]
    [InlineData(null, ReaderKey, StatusCodes.Status200OK)]
    [InlineData(null, null, StatusCodes.Status401Unauthorized)]
    public async Task The_endpoint_s_declared_role_decides(ApiRole? declared, string? key, int expected)
    {
        var endpoint = Endpoint(new EndpointAccess(declared));
        Assert.Equal(expected, await CallAsync("POST", endpoint, key));
    }

    [Fact]
    public async Task An_endpoint_that_declares_no_role_needs_an_admin_s_key()
    {
        Assert.Equal(StatusCodes.Status403Forbidden, await CallAsync("GET", Endpoint(), PredictorKey));
    }

    [Fact]
    public async Task Where_no_endpoint_matches_a_read_needs_a_reader_and_a_write_an_admin()
    {
        Assert.Equal(StatusCodes.Status200OK, await CallAsync("GET", null, ReaderKey));
        Assert.Equal(StatusCodes.Status403Forbidden, await CallAsync("POST", null, PredictorKey));
    }

    private static Endpoint Endpoint(params object[] metadata) =>
        new(_ => Task.CompletedTask, new EndpointMetadataCollection(metadata), "under test");

    private static async Task<int> CallAsync(string method, Endpoint? endpoint, string? key)
    {
        var security = new GatewaySecurityOptions { InternalSecret = "a-secret-the-caller-does-not-have" };
        security.ApiKeys["predictor"] = new ApiKeyEntry { Hash = ApiKeyHash.Of(PredictorKey), Role = "predictor" };
        security.ApiKeys["reader"] = new ApiKeyEntry { Hash = ApiKeyHash.Of(ReaderKey), Role = "reader" };
        var options = Options.Create(security);
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = "/api/anything";
        if (key is not null) context.Request.Headers[PresentedKey.HeaderName] = key;
        context.SetEndpoint(endpoint);
        var reached = false;
        var door = new GatewayOnlyAccessMiddleware(_ => { reached = true; return Task.CompletedTask; }, options, new ApiKeyRing(options));
        await door.InvokeAsync(context);
        return reached ? StatusCodes.Status200OK : context.Response.StatusCode;
    }
}
