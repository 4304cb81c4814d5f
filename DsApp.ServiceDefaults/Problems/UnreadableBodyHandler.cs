using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DsApp.ServiceDefaults.Problems;

/// <summary>Why the server could not read a request's body, and the status that says so.</summary>
public sealed record UnreadableBody(int Status, string Reason)
{
    public string Detail => $"The request body could not be read: {Reason}";

    private const string Kestrel = "Microsoft.AspNetCore.Server.Kestrel.Core";

    /// <summary>
    /// The body's failure in what a reader threw, wrapped or not (a forwarder reports it in an AggregateException): Kestrel's
    /// BadHttpRequestException, or the IOException Kestrel throws itself for a chunk size past 32 bits. An I/O failure Kestrel
    /// raised is the client's connection, never a dependency of the service.
    /// </summary>
    public static UnreadableBody? Of(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => new UnreadableBody(bad.StatusCode, bad.Message),
        IOException io when io.Source == Kestrel => new UnreadableBody(StatusCodes.Status400BadRequest, io.Message),
        AggregateException aggregate => aggregate.InnerExceptions.Select(Of).FirstOrDefault(found => found is not null),
        _ => Of(exception.InnerException),
    };
}

/// <summary>
/// A request body the server could not read (its chunked framing broken, cut short, arriving too slowly, past the size
/// limit) is the client's fault: Kestrel's status for it (400, 408, 413) with Kestrel's words, as problem+json (and
/// <c>error</c> on the Open Inference Protocol's paths), rather than a 500 or an outage of whatever was reading.
/// </summary>
public sealed class UnreadableBodyHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (UnreadableBody.Of(exception) is not { } unreadable || context.Response.HasStarted) return false;
        context.Response.StatusCode = unreadable.Status;
        var problem = new ProblemDetails { Status = unreadable.Status, Detail = unreadable.Detail };
        if (AccessPolicy.IsOpenInference(context.Request.Path)) problem.Extensions["error"] = problem.Detail;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
