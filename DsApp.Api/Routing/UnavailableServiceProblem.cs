using Yarp.ReverseProxy.Forwarder;

namespace DsApp.Api.Routing;

/// <summary>
/// Turns YARP's bare 502/504 for a service that cannot be reached into a 503 problem+json with
/// <c>Retry-After</c>, so clients know to come back rather than that the request was wrong.
/// </summary>
public static class UnavailableServiceProblem
{
    public const int RetryAfterSeconds = 5;

    public static async Task WriteWhenForwardingFailedAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted || !IsServiceFailure(error.Error)) return;

        var service = context.GetReverseProxyFeature().Route.Config.ClusterId;
        context.Response.Clear();
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        await Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Service unavailable",
            detail: $"The {service} service cannot be reached. Try again in {RetryAfterSeconds} seconds.").ExecuteAsync(context);
    }

    private static bool IsServiceFailure(ForwarderError error) => error is
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders or ForwarderError.NoAvailableDestinations;
}
