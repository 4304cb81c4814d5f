using DsApp.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DsApp.Platform.Records;

/// <summary>The one place a refused command becomes problem+json: a status per kind, its title and type from <see cref="ProblemVocabulary"/>.</summary>
public static class OutcomeProblems
{
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome)
    {
        var status = StatusOf(outcome.Kind);
        var detail = outcome.Detail ?? (outcome.Errors is { Count: > 0 } errors ? "The request has invalid fields: " + string.Join(", ", errors.Keys) + "." : null);
        var extensions = outcome.Errors is { Count: > 0 } ? new Dictionary<string, object?> { ["errors"] = outcome.Errors } : null;
        return TypedResults.Problem(statusCode: status, title: ProblemVocabulary.Title(status), detail: detail,
            type: ProblemVocabulary.Type(status), extensions: extensions);
    }

    /// <summary>The HTTP status of a refusal, for endpoints that write their own answer (the Open Inference Protocol's, a problem with fields).</summary>
    public static int StatusOf(OutcomeKind kind) => kind switch
    {
        OutcomeKind.NotFound => StatusCodes.Status404NotFound,
        OutcomeKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        OutcomeKind.Invalid => StatusCodes.Status400BadRequest,
        OutcomeKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new InvalidOperationException("A command that succeeded is not a problem."),
    };
}
