using DsApp.ServiceDefaults.Security;
using Yarp.ReverseProxy.Forwarder;

namespace DsApp.Api.Routing;

/// <summary>
/// Turns YARP's bare 502/504 for a service that failed into a problem+json that says what the client may do. When
/// the request never reached a replica, or changes nothing, it is a 503 with <c>Retry-After</c>: sending it again is
/// safe. When a write may have reached a replica that failed while handling it, it is a 502 without <c>Retry-After</c>:
/// it may have taken effect, so the client reads before writing again, or repeats it with its <c>Idempotency-Key</c>.
/// </summary>
public static class UnavailableServiceProblem
{
    public const int RetryAfterSeconds = 5;

    public static async Task WriteWhenForwardingFailedAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var failure = context.GetForwarderErrorFeature();
        if (failure is null || context.Response.HasStarted || !ForwardFailure.IsServiceFailure(failure.Error)) return;

        var service = context.GetReverseProxyFeature().Route.Config.ClusterId;
        context.Response.Clear();
        if (ForwardFailure.NothingSent(failure) || ForwardFailure.IsRepeatable(context.Request))
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            await AccessProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"The {service} service cannot be reached. Try again in {RetryAfterSeconds} seconds.");
            return;
        }
        await AccessProblem.WriteAsync(context, StatusCodes.Status502BadGateway,
            $"The {service} service failed while handling {context.Request.Method} {context.Request.Path}, which may have taken effect. " +
            "Read the resource before sending it again, or send it again with the same Idempotency-Key.");
    }
}
