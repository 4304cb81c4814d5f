using Microsoft.ML;

namespace DsApp.ModelWorker.Tables;

/// <summary>A table held as one typed array per column: what training, batch and online prediction hand to ML.NET.</summary>
public sealed class ColumnTable
{
    public ColumnTable(IReadOnlyList<TableColumn> columns, DataViewSchema? schema = null)
    {
        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != RowCount))
            throw new ArgumentException("Every column must have the same number of rows.", nameof(columns));
        Schema = schema ?? BuildSchema(columns);
    }

    public IReadOnlyList<TableColumn> Columns { get; }
    public int RowCount { get; }

    /// <summary>The ML.NET schema of the columns; given when the table must match a schema a model is bound to.</summary>
    public DataViewSchema Schema { get; }

    public TableColumn this[string name] => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No column '{name}'.");

    public ColumnTable Take(IReadOnlyList<int> rows) => new(Columns.Select(c => c.Take(rows)).ToList());

    public ColumnTable Without(string name) => new(Columns.Where(c => c.Name != name).ToList());

    public IDataView AsDataView() => new ColumnarDataView(this);

    public static DataViewSchema BuildSchema(IEnumerable<TableColumn> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in columns) column.AddTo(builder);
        return builder.ToSchema();
    }
}
