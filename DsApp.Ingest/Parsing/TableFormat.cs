namespace DsApp.Ingest.Parsing;

/// <summary>The body formats an upload may use.</summary>
public enum TableFormat
{
    Csv,
    Json,
    Ndjson,
}
