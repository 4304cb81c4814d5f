using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;

namespace DsApp.Tests.Infrastructure;

/// <summary>
/// Services accept only calls the gateway vouches for. In-process tests configure a service with a
/// known internal secret and have their client present it, as the gateway does.
/// </summary>
public static class GatewayProof
{
    public const string InternalSecret = "in-process-tests-internal-secret";

    public static IWebHostBuilder BehindTestGateway(this IWebHostBuilder web) => web.UseSetting("Gateway:InternalSecret", InternalSecret);

    public static HttpClient AsGateway(this HttpClient client)
    {
        client.DefaultRequestHeaders.Add(InternalCall.Header, InternalSecret);
        return client;
    }
}
