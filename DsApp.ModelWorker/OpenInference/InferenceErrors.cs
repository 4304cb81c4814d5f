using DsApp.ModelWorker.Inference;
using DsApp.Platform.Records;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The Open Inference Protocol side of a refusal: <c>{"error": "..."}</c> with the status the protocol expects, 400 for
/// what the request got wrong and 404 for a model or version that does not exist (a version not ready is a 400 too: the
/// protocol has no conflict); past the size limits 413, another media type 415, as HTTP says.
/// </summary>
public static class InferenceErrors
{
    public static IResult Error(int status, string message) => TypedResults.Json(new InferenceError(message), statusCode: status);

    public static IResult Invalid(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult ToError(this ModelRequestException refusal) => Of(refusal.Kind, refusal.Message);

    public static IResult ToError(this VersionChoice refusal) => Of(refusal.Kind, refusal.Problem!);

    /// <summary>400, 413 or 415: HTTP's statuses for a body, the same as REST predict's.</summary>
    public static IResult ToError(this InputException refusal) =>
        Error(PredictionProblems.StatusOf(refusal.Refusal), string.Join(" ", refusal.Errors.SelectMany(e => e.Value)));

    private static IResult Of(OutcomeKind kind, string message) =>
        kind == OutcomeKind.NotFound ? NotFound(message) : Invalid(message);
}
