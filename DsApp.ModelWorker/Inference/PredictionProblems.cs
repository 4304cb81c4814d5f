using DsApp.Platform.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Inference;

/// <summary>The REST side of a refused prediction: problem+json with the status and title of the one vocabulary.</summary>
public static class PredictionProblems
{
    public static ProblemHttpResult ToProblem(this ModelRequestException refusal) =>
        ApiProblems.Status(OutcomeProblems.StatusOf(refusal.Kind), refusal.Message);

    public static ProblemHttpResult ToProblem(this VersionChoice refusal) =>
        ApiProblems.Status(OutcomeProblems.StatusOf(refusal.Kind), refusal.Problem!);

    public static ProblemHttpResult ToProblem(this InputException refusal) =>
        ApiProblems.Status(StatusOf(refusal.Refusal), refusal.Message, refusal.Errors);

    /// <summary>HTTP's status for a body refused (the Open Inference Protocol's adapter answers the same ones).</summary>
    public static int StatusOf(InputRefusal refusal) => refusal switch
    {
        InputRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        InputRefusal.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };
}
