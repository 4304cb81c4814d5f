namespace DsApp.Ingest.Datasets;

/// <summary>A versioned table, as the contract describes it; stored as <c>datasets/{id}/dataset.json</c>.</summary>
public sealed record Dataset(
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    string? Label,
    int Version,
    string Format,
    long RowCount,
    long SizeBytes,
    IReadOnlyList<DatasetColumn> Columns,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Etag);
