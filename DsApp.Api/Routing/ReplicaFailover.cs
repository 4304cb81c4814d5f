using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace DsApp.Api.Routing;

/// <summary>
/// Sends a request that failed on one replica to another, when that cannot do anything twice: a request that never
/// reached the first replica (connection refused or not accepted in time), or one that changes nothing
/// (<see cref="ForwardFailure.IsRepeatable"/>). A write that may have reached a replica is never sent again: its
/// client is told so (<see cref="UnavailableServiceProblem"/>). Sits before load balancing, which picks again among
/// the replicas not tried yet; each replica is tried once at most.
/// </summary>
public static partial class ReplicaFailover
{
    public static async Task ForwardAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        if (candidates.Count < 2)
        {
            await next();
            return;
        }

        var repeatable = ForwardFailure.IsRepeatable(context.Request);
        // A prediction's body is kept to be sent again (the repeatable reads have none).
        if (repeatable && HttpMethods.IsPost(context.Request.Method)) context.Request.EnableBuffering();
        var tried = new List<DestinationState>(candidates.Count);
        while (true)
        {
            await next();
            var failure = context.GetForwarderErrorFeature();
            if (failure is null || context.Response.HasStarted || !ForwardFailure.IsServiceFailure(failure.Error)) return;
            // A replica that held a request past the forward's own timeout is not asked to do it twice as slowly.
            if (!ForwardFailure.NothingSent(failure) && !(repeatable && failure.Error != ForwarderError.RequestTimedOut)) return;
            if (proxy.ProxiedDestination is not { } failed) return;

            tried.Add(failed);
            var untried = candidates.Where(destination => !tried.Contains(destination)).ToArray();
            if (untried.Length == 0) return;

            Log.TryingAnotherReplica(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReplicaFailover)),
                context.Request.Method, context.Request.Path, failed.DestinationId, failure.Error);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (context.Request.Body.CanSeek) context.Request.Body.Position = 0;
            proxy.AvailableDestinations = untried;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "{Method} {Path} failed on {Destination} ({Error}); trying another replica")]
        public static partial void TryingAnotherReplica(ILogger logger, string method, PathString path, string destination, ForwarderError error);
    }
}
