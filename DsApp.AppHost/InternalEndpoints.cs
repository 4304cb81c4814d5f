using System.Net;
using System.Net.Sockets;

namespace DsApp.AppHost;

public static class InternalEndpoints
{
    /// <summary>
    /// Serves a service straight on a free port, without the orchestrator's proxy in front. A service
    /// that is down then refuses connections at once, as it does in a deployment, so the gateway can
    /// answer 503 immediately instead of waiting on a proxy that holds the connection open.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDirectHttpEndpoint(this IResourceBuilder<ProjectResource> service)
    {
        var port = FreeLoopbackPort();
        return service.WithHttpEndpoint(port: port, targetPort: port, isProxied: false);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
