using DsApp.ModelWorker.Registry;
using DsApp.Platform.Records;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// The version that answers a request (<see cref="Kind"/> <see cref="OutcomeKind.Ok"/>), or why none can:
/// <see cref="OutcomeKind.NotFound"/> (no such version), <see cref="OutcomeKind.Conflict"/> (not ready).
/// </summary>
public readonly record struct VersionChoice(ModelVersion? Version, OutcomeKind Kind, string? Problem, string Reason)
{
    public static VersionChoice Of(ModelVersion version, string reason) => new(version, OutcomeKind.Ok, null, reason);
    public static VersionChoice Fail(OutcomeKind kind, string problem) => new(null, kind, problem, "");

    /// <summary>The refusal as the exception the prediction path throws.</summary>
    public ModelRequestException ToException() => new(Kind, Problem!);
}
