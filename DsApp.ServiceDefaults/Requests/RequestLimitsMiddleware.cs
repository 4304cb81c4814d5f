using DsApp.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// Answers a request whose line or headers pass <see cref="RequestLimits"/> with a 414 or 431 problem that names the
/// limit, where Kestrel (whose limits sit above these) would have answered with an empty body. Sizes are counted as
/// HTTP/1.1 sends them: the request line with its spaces and line end, each header line as <c>name: value</c> and its line end.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var targetLength = string.IsNullOrEmpty(target)
            ? (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0)
            : target.Length;
        var line = request.Method.Length + 1 + targetLength + 1 + request.Protocol.Length + 2;
        if (line > RequestLimits.MaxRequestLineBytes)
            return ProblemAnswer.WriteAsync(context, StatusCodes.Status414UriTooLong,
                $"The request line is {line} bytes; at most {RequestLimits.MaxRequestLineBytes} are taken. Shorten the path and query.");

        var count = 0;
        var size = 0L;
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                count++;
                size += header.Key.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }
        if (count > RequestLimits.MaxHeaderCount)
            return ProblemAnswer.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request has {count} header lines; at most {RequestLimits.MaxHeaderCount} are taken.");
        if (size > RequestLimits.MaxHeadersTotalBytes)
            return ProblemAnswer.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request's headers are {size} bytes; at most {RequestLimits.MaxHeadersTotalBytes} are taken.");
        return next(context);
    }
}
