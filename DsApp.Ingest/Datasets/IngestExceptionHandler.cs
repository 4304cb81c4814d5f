using System.Net.Sockets;
using Amazon.Runtime;
using DsApp.Ingest.Parsing;
using DsApp.Platform.Records;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// Turns what a handler throws into the contract's problem+json: bad input 400 naming the line or
/// field, 413 past the upload limit, 409/412 for the dataset's state, 503 with Retry-After when Redis
/// or the object store cannot be reached. Anything else stays a 500. (What the server itself refuses, a body cut
/// short or one that decodes past the limit, is the service defaults' BadRequestExceptionHandler's.)
/// </summary>
public sealed class IngestExceptionHandler(IProblemDetailsService problems, ILogger<IngestExceptionHandler> logger) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            BadInputException bad => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [bad.Where] = [bad.Message] })
            {
                Status = StatusCodes.Status400BadRequest, Title = "The body is not a table this API can take in", Detail = $"{bad.Where}: {bad.Message}",
            },
            UploadTooLargeException large => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge, Title = "Body too large", Detail = large.Message,
            },
            DatasetConflictException conflict => new ProblemDetails
            {
                Status = conflict.Kind == OutcomeKind.PreconditionFailed ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict,
                Title = conflict.Kind == OutcomeKind.PreconditionFailed ? "Precondition failed" : "Conflict", Detail = conflict.Message,
            },
            CommitUncertainException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable",
                Detail = $"The object store failed while the version was committed, and whether it was cannot be told now. Read the dataset in {RetryAfterSeconds} seconds before sending the upload again.",
            },
            CoordinationUnavailableException unsafeNow => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable",
                Detail = $"{unsafeNow.Message} Try again in {RetryAfterSeconds} seconds.",
            },
            // TimeoutException: what the AWS SDK throws when an S3 call times out, and the base of RedisTimeoutException.
            RedisException or AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or TimeoutException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable",
                Detail = $"A dependency of the ingest service (Redis or the object store) cannot be reached. Try again in {RetryAfterSeconds} seconds.",
            },
            _ => null,
        };
        if (problem is null || context.Response.HasStarted) return false;
        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // A handled exception is not logged by the middleware; an outage must be.
            logger.LogWarning(exception, "A dependency failed during {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
