using DsApp.ModelWorker.Registry;
using Microsoft.ML;

namespace DsApp.ModelWorker.Training;

/// <summary>A trained model with what its version records: the trainer kept, held-out metrics, what <c>auto</c> tried, its outputs.</summary>
public sealed record TrainingResult(
    ITransformer Model,
    DataViewSchema InputSchema,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<CandidateScore>? Candidates,
    IReadOnlyList<OutputColumn> Outputs,
    PipelinePlan Plan);
