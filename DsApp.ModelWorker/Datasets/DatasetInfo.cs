namespace DsApp.ModelWorker.Datasets;

/// <summary>What this service reads of a dataset from the ingest service: its version and column types.</summary>
public sealed record DatasetInfo(string Id, string? Label, int Version, long RowCount, IReadOnlyList<DatasetColumnInfo> Columns);
