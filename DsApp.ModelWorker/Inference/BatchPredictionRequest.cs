namespace DsApp.ModelWorker.Inference;

/// <summary>The body of <c>POST /api/models/{name}/batch-predictions</c>.</summary>
public sealed record BatchPredictionRequest(string? DatasetId, int? DatasetVersion = null, int? Version = null);
