namespace DsApp.ModelWorker.Tables;

/// <summary>How a column is held for ML.NET: numbers (and booleans, datetimes) as <c>float</c>, text, a boolean label, or a class label as a key.</summary>
public enum ColumnKind
{
    Number,
    Text,
    Boolean,
    Key,
}
