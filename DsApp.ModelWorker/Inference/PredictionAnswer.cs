namespace DsApp.ModelWorker.Inference;

/// <summary>A predict response ready to send: the contract's JSON, and the version that answered.</summary>
public sealed record PredictionAnswer(string Model, int Version, byte[] Json);
