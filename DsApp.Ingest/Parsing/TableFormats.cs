using Microsoft.Net.Http.Headers;

namespace DsApp.Ingest.Parsing;

public static class TableFormats
{
    public const string CsvMediaType = "text/csv";
    public const string JsonMediaType = "application/json";
    public const string NdjsonMediaType = "application/x-ndjson";

    /// <summary>The format a Content-Type names, or null when it is none an upload may use (answered 415).</summary>
    public static TableFormat? FromContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return null;
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return null;
        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            CsvMediaType => TableFormat.Csv,
            JsonMediaType => TableFormat.Json,
            NdjsonMediaType or "application/jsonl" => TableFormat.Ndjson,
            _ => null,
        };
    }

    public static string Name(TableFormat format) => format switch
    {
        TableFormat.Csv => "csv",
        TableFormat.Json => "json",
        _ => "ndjson",
    };
}
