namespace DsApp.ModelWorker.Registry;

/// <summary>One trainer <c>auto</c> tried, and its score on the validation split.</summary>
public sealed record CandidateScore(TrainerKind Trainer, string Metric, double Score, double Seconds);
