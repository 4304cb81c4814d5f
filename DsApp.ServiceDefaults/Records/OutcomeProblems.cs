using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DsApp.ServiceDefaults.Records;

/// <summary>The one place a refused command becomes problem+json: a status and a title per kind, the same in every service.</summary>
public static class OutcomeProblems
{
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome)
    {
        var (status, title) = outcome.Kind switch
        {
            OutcomeKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            OutcomeKind.PreconditionFailed => (StatusCodes.Status412PreconditionFailed, "Precondition failed"),
            OutcomeKind.Invalid => (StatusCodes.Status400BadRequest, "One or more validation errors occurred."),
            OutcomeKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            _ => throw new InvalidOperationException("A command that succeeded is not a problem."),
        };
        var detail = outcome.Detail ?? (outcome.Errors is { Count: > 0 } errors ? "The request has invalid fields: " + string.Join(", ", errors.Keys) + "." : null);
        var extensions = outcome.Errors is { Count: > 0 } ? new Dictionary<string, object?> { ["errors"] = outcome.Errors } : null;
        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }
}
