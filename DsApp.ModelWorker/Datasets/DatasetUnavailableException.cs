namespace DsApp.ModelWorker.Datasets;

/// <summary>The ingest service could not give the dataset asked for (absent, or ingest failed).</summary>
public sealed class DatasetUnavailableException(string message) : Exception(message);
