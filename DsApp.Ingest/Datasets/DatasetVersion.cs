using DsApp.Ingest.Profiling;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// One version of a dataset, stored as <c>datasets/{id}/versions/{version:D6}.json</c> once its data
/// object (<see cref="DataObject"/>, normalized UTF-8 CSV with a header) is whole.
/// </summary>
public sealed record DatasetVersion(
    string DatasetId,
    int Version,
    string Format,
    long RowCount,
    long SizeBytes,
    IReadOnlyList<DatasetColumn> Columns,
    string DataObject,
    DateTimeOffset CreatedAt,
    string Etag);
