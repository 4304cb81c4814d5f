namespace DsApp.Ingest.Datasets;

/// <summary>A window of a dataset's rows: <c>{"columns","rows","offset","total"}</c>, values typed as their column.</summary>
public sealed record RowsPage(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, long Offset, long Total, int Version);
