namespace DsApp.ModelWorker.Inference;

/// <summary>What a batch prediction job carries: the dataset version and model version are pinned when it is accepted.</summary>
public sealed record BatchPredictionPayload(string Model, int Version, string DatasetId, int DatasetVersion, long RowCount, string OutputDatasetId);
