namespace DsApp.Ingest.Profiling;

/// <summary>The types profiling gives a dataset's columns: the contract's column types, as they appear in JSON.</summary>
public static class DatasetColumnTypes
{
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string String = "string";
    public const string Datetime = "datetime";
}
