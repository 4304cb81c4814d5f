using DsApp.Platform.Records;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// A prediction that cannot be answered for a reason about the model, not the input: <see cref="OutcomeKind.NotFound"/>
/// (no such model or version), <see cref="OutcomeKind.Conflict"/> (no version ready to answer).
/// </summary>
public sealed class ModelRequestException(OutcomeKind kind, string detail) : Exception(detail)
{
    public OutcomeKind Kind { get; } = kind;
}
