using DsApp.Api.Hosting;
using DsApp.Api.Info;
using DsApp.Api.OpenApi;
using DsApp.Api.Routing;
using DsApp.Api.Security;
using DsApp.Api.Telemetry;
using DsApp.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace DsApp.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadServiceRoutes()
            .PropagateServerSpan()
            .AddTransforms(transforms =>
            {
                // The key stays at the door; the service learns the call came through the gateway, and whose key it was.
                transforms.AddRequestHeaderRemove(PresentedKey.HeaderName);
                transforms.AddRequestHeaderRemove("Authorization");
                transforms.AddRequestTransform(forwarding =>
                {
                    forwarding.ProxyRequest.Headers.Remove(Caller.Header);
                    if (Caller.Of(forwarding.HttpContext) is { } caller) forwarding.ProxyRequest.Headers.TryAddWithoutValidation(Caller.Header, Caller.Encode(caller));
                    return ValueTask.CompletedTask;
                });
                var secret = transforms.Services.GetRequiredService<IOptions<GatewaySecurityOptions>>().Value.InternalSecret;
                if (!string.IsNullOrEmpty(secret)) transforms.AddRequestHeader(InternalCall.Header, secret, append: false);
                else transforms.AddRequestHeaderRemove(InternalCall.Header);
            });

        ServiceStatusProbe.Register(builder.Services);
        // Its own timeout, past the probes' (the services are asked at once), for the defaults' would cut them short.
        builder.Services.AddHealthChecks().AddCheck<BackendServicesHealthCheck>("services", failureStatus: null, tags: ["ready"], timeout: ServiceStatusProbe.Timeout + TimeSpan.FromSeconds(1));

        builder.AddGatewayEdge();
        builder.AddGatewaySecurity();
        builder.AddGatewayOpenApi();
        return builder;
    }
}
