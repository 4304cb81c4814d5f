namespace DsApp.Ingest.Profiling;

/// <summary>One column's inferred type and statistics (statistics where the type has them).</summary>
public sealed record DatasetColumn(
    string Name,
    string Type,
    bool Nullable,
    long Missing,
    long? Distinct,
    double? Min,
    double? Max,
    double? Mean);
