namespace DsApp.ModelWorker.Datasets;

/// <summary>A dataset column as ingest describes it: <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>string</c> or <c>datetime</c>, with statistics when known.</summary>
public sealed record DatasetColumnInfo(string Name, string Type, long? Distinct = null, long? Missing = null);
