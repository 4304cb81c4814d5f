using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker;

/// <summary>Turns an outage of Redis, the object store or the ingest service (or a write that cannot be made safe without Redis) into 503 + Retry-After, as the contract asks, instead of a 500.</summary>
public sealed class DependencyOutageHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var dependency = exception switch
        {
            RedisException or RedisTimeoutException => "Redis",
            Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or TimeoutException => "the object store",
            // The File store's failures (a full disk, a lock file it cannot take); a client gone away has no one to answer.
            IOException when !context.RequestAborted.IsCancellationRequested => "the object store",
            HttpRequestException or DatasetUnavailableException => "the ingest service",
            // Writes wait for Redis rather than risk two replicas overwriting each other on a store without conditional writes.
            DsApp.Platform.Records.CoordinationUnavailableException => "Redis (writes to this object store need its lock)",
            _ => null,
        };
        if (dependency is null) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"{dependency} is unavailable; try again shortly.",
                Extensions = { ["traceId"] = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier },
            },
        });
    }
}
