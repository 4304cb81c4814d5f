using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Problems;

/// <summary>
/// What every problem every service writes carries, whoever wrote it (an endpoint, the exception handler, the status
/// code pages of a bare 404 or 405): <c>traceId</c>, the vocabulary's <c>type</c> and <c>title</c>, a <c>detail</c>
/// for a path or method no endpoint answers, and on <c>/v2/**</c> the Open Inference Protocol's <c>error</c>, the one
/// field Triton's and KServe's clients read.
/// </summary>
public static class ProblemConventions
{
    public const string OpenInferenceErrorField = "error";

    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        if (problem.Status is { } status)
        {
            problem.Type = ProblemVocabulary.Type(status);
            problem.Title = ProblemVocabulary.Title(status);
        }
        // Routing's own refusals (no endpoint for the path, not for the method, not for the body's media type) say what
        // to change: a wrong path or method is not a missing resource.
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound when http.GetEndpoint() is null => $"No endpoint answers {http.Request.Method} {http.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not take {http.Request.Method}"
                + (http.Response.Headers.Allow is { Count: > 0 } allow ? $"; it takes {string.Join(", ", allow.ToArray())}." : "."),
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(http),
            _ => null,
        };
        if (OpenInferencePaths.Contains(http.Request.Path) && !problem.Extensions.ContainsKey(OpenInferenceErrorField))
            problem.Extensions[OpenInferenceErrorField] = problem.Detail ?? problem.Title;
    }

    private static string UnsupportedMediaType(HttpContext http)
    {
        var sent = string.IsNullOrEmpty(http.Request.ContentType) ? "The request has no Content-Type" : $"Content-Type '{http.Request.ContentType}' is not taken here";
        var taken = AcceptedMediaTypes.For(http);
        return taken.Count == 0 ? $"{sent}." : $"{sent}: send {string.Join(" or ", taken)}.";
    }
}
