namespace DsApp.Ingest.Profiling;

/// <summary>The column types of the contract, as they appear in JSON.</summary>
public static class ColumnTypes
{
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string String = "string";
    public const string Datetime = "datetime";
}
