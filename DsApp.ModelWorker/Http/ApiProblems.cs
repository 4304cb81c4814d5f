using Microsoft.AspNetCore.Http.HttpResults;

namespace DsApp.ModelWorker.Http;

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
        problem.Title = DsApp.ServiceDefaults.Problems.ProblemVocabulary.Title(status);
        problem.Type = DsApp.ServiceDefaults.Problems.ProblemVocabulary.Type(status);
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
}
