using Microsoft.AspNetCore.Http.HttpResults;

namespace DsApp.ModelWorker;

/// <summary>The problem+json answers this service's endpoints give (traceId is added by the service defaults).</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Status(int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value));
        problem.Status = status;
        problem.Detail = detail;
        problem.Title = Title(status);
        problem.Type = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}.{StatusSection(status)}";
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);
    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, detail);
    public static ProblemHttpResult PreconditionFailed(string etag) =>
        Status(StatusCodes.Status412PreconditionFailed, $"If-Match does not match the current ETag \"{etag}\": read the resource again.");

    public static ProblemHttpResult Invalid(string field, string message) =>
        Status(StatusCodes.Status400BadRequest, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Status(StatusCodes.Status400BadRequest, "The request has invalid fields: " + string.Join(", ", errors.Keys) + ".", errors);

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        404 => "Not found",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Content too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        503 => "Service unavailable",
        _ => "Error",
    };

    private static int StatusSection(int status) => status switch
    {
        400 => 1, 404 => 5, 409 => 10, 412 => 13, 413 => 14, 415 => 16, 422 => 21, 503 => 4, _ => 1,
    };
}
