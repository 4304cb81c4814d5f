using DsApp.Api.Security;
using DsApp.Api.Telemetry;
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
            proxy.Use(AnswerStreamedBodyTooLargeAsync);
            proxy.Use(CountValidationRejectionsAsync);
            // A configured pipeline has none of YARP's defaults: without these, a request would go to a replica
            // picked at random and no failure would ever take a replica out of rotation.
            proxy.Use(ReplicaFailover.ForwardAsync);
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>A body without a declared length that streams past its limit: 413 as problem+json, not the forwarder's bare 400.</summary>
    private static async Task AnswerStreamedBodyTooLargeAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted || context.GetForwarderErrorFeature() is not { Error: ForwarderError.RequestBodyClient } error) return;
        if (error.Exception is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return;
        context.RequestServices.GetRequiredService<GatewayMetrics>().Rejected(RejectionReason.Size);
        context.Response.Clear();
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
        await GatewayAccessMiddleware.BodyTooLarge(context, limit);
    }

    /// <summary>Requests a service refused as invalid count as the gateway's <c>validation</c> rejections: what operators watch at the edge.</summary>
    private static async Task CountValidationRejectionsAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity)
            context.RequestServices.GetRequiredService<GatewayMetrics>().Rejected(RejectionReason.Validation);
    }
}
