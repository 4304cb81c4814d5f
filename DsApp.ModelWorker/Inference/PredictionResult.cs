namespace DsApp.ModelWorker.Inference;

/// <summary>What the prediction pipeline answers: the version that answered and one prediction per row, in order.</summary>
public sealed record PredictionResult(LoadedModel Model, Prediction[] Predictions);
