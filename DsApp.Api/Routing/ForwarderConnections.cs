using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace DsApp.Api.Routing;

/// <summary>
/// The forwarder's connections to the services (the active health probes use them too), set up in one place: YARP
/// keeps one factory, and a second <c>ConfigureHttpClient</c> would silently replace the first.
/// <list type="bullet">
/// <item>A connect timeout (<see cref="ReplicaRoutingOptions.ConnectTimeout"/>): left alone, a connection to a host
/// that vanished would wait for the forward's whole timeout (100 s).</item>
/// <item>No propagator: the gateway writes the trace context itself (<see cref="Telemetry.ForwardedTraceContext"/>),
/// and without one the handler makes no client span per forwarded request.</item>
/// </list>
/// </summary>
public sealed class ForwarderConnections(IOptions<ReplicaRoutingOptions> routing, ILogger<ForwarderHttpClientFactory> logger)
    : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = routing.Value.ConnectTimeout;
        handler.ActivityHeadersPropagator = null;
    }
}
