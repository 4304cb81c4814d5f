using DsApp.Api.Security;
using DsApp.Api.Telemetry;
using DsApp.ServiceDefaults.Requests;
using DsApp.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace DsApp.Api.Routing;

public static class ServiceRoutes
{
    public static IEndpointRouteBuilder MapServiceRoutes(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(UnavailableServiceProblem.WriteWhenForwardingFailedAsync);
            proxy.Use(AnswerUnreadableBodyAsync);
            proxy.Use(CountValidationRejectionsAsync);
            // A configured pipeline has none of YARP's defaults: without these, a request would go to a replica
            // picked at random and no failure would ever take a replica out of rotation.
            proxy.Use(ReplicaFailover.ForwardAsync);
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>
    /// A body the gateway could not read from the client while forwarding it: one without a declared length that streams
    /// past its limit (413 naming the limit), broken chunked framing (400), a body arriving too slowly (408). Problem+json
    /// saying why, not the forwarder's bare status (the forwarder reports the client's exception inside an AggregateException).
    /// </summary>
    private static async Task AnswerUnreadableBodyAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted || context.GetForwarderErrorFeature() is not { Error: ForwarderError.RequestBodyClient } error) return;
        if (UnreadableBody.Of(error.Exception) is not { } unreadable) return;
        context.Response.Clear();
        if (unreadable.Status == StatusCodes.Status413PayloadTooLarge)
        {
            context.RequestServices.GetRequiredService<GatewayMetrics>().Rejected(RejectionReason.Size);
            var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
            await GatewayAccessMiddleware.BodyTooLarge(context, limit);
            return;
        }
        await AccessProblem.WriteAsync(context, unreadable.Status, $"The request body could not be read: {unreadable.Reason}");
    }

    /// <summary>Requests a service refused as invalid count as the gateway's <c>validation</c> rejections: what operators watch at the edge.</summary>
    private static async Task CountValidationRejectionsAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity)
            context.RequestServices.GetRequiredService<GatewayMetrics>().Rejected(RejectionReason.Validation);
    }
}
