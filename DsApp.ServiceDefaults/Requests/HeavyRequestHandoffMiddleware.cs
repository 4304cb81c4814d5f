using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// With <see cref="SocketThreadScheduling"/>, a request runs on the socket thread that read it, and that thread serves
/// no other connection until the request awaits. A small prediction is done sooner than a hop to the thread pool would
/// take; anything else (an upload, an export, a report, a large batch) moves to the pool first, and so does the code
/// after each of its body's reads that had to wait for data.
/// </summary>
public sealed class HeavyRequestHandoffMiddleware(RequestDelegate next)
{
    /// <summary>A few dozen rows of JSON: predicted in well under a millisecond.</summary>
    public const long SmallPredictionBytes = 4 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsSmallPrediction(context))
        {
            context.Request.Body = new PoolResumedBody(context.Request.Body);
            await Task.Yield(); // no synchronization context here: the rest runs on the thread pool
        }
        await next(context);
    }

    private static bool IsSmallPrediction(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EndpointBodyClass>()?.BodyClass == BodyClass.Prediction
        && context.Request.ContentLength is <= SmallPredictionBytes;
}
