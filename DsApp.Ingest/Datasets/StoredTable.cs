using System.Globalization;
using System.Text.Json;
using DsApp.Ingest.Profiling;
using DsApp.Platform.Tables;
using Sylvan.Data.Csv;

namespace DsApp.Ingest.Datasets;

/// <summary>Reads a version's stored CSV back: a window of typed rows, or the whole table as NDJSON.</summary>
public static class StoredTable
{
    // Read by the rules it was taken in with, whatever a record's stored length (CsvRules.Options).
    private static CsvDataReaderOptions Options => CsvRules.Options(maxRecordChars: null);

    public static async Task<RowsPage> ReadRowsAsync(Stream data, DatasetVersion version, long offset, int limit, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(data);
        await using var csv = await CsvDataReader.CreateAsync(text, Options, cancellationToken);
        var types = version.Columns.Select(c => c.Type).ToArray();
        for (long skipped = 0; skipped < offset; skipped++)
        {
            if (!await csv.ReadAsync(cancellationToken)) break;
        }
        var rows = new List<object?[]>(Math.Min(limit, 1024));
        while (rows.Count < limit && await csv.ReadAsync(cancellationToken))
        {
            var row = new object?[types.Length];
            for (var i = 0; i < types.Length; i++) row[i] = Typed(csv.GetFieldSpan(i), types[i]);
            rows.Add(row);
        }
        return new RowsPage(version.Columns.Select(c => c.Name).ToArray(), rows, offset, version.RowCount, version.Version);
    }

    /// <summary>Writes one JSON object a line, values typed as their column, missing values as null.</summary>
    public static async Task WriteNdjsonAsync(Stream data, DatasetVersion version, Stream output, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(data);
        await using var csv = await CsvDataReader.CreateAsync(text, Options, cancellationToken);
        var names = version.Columns.Select(c => JsonEncodedText.Encode(c.Name)).ToArray();
        var types = version.Columns.Select(c => c.Type).ToArray();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128 * 1024);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        while (await csv.ReadAsync(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                var value = csv.GetFieldSpan(i);
                if (value.IsEmpty) json.WriteNull(names[i]);
                else if (types[i] == DatasetColumnTypes.Integer) json.WriteNumber(names[i], long.Parse(value, CultureInfo.InvariantCulture));
                else if (types[i] == DatasetColumnTypes.Number) json.WriteNumber(names[i], double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
                else if (types[i] == DatasetColumnTypes.Boolean) json.WriteBoolean(names[i], value.Equals("true", StringComparison.OrdinalIgnoreCase));
                else json.WriteString(names[i], value);
            }
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
            if (buffer.WrittenCount >= 64 * 1024)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    private static object? Typed(ReadOnlySpan<char> value, string type)
    {
        if (value.IsEmpty) return null;
        return type switch
        {
            DatasetColumnTypes.Integer => long.Parse(value, CultureInfo.InvariantCulture),
            DatasetColumnTypes.Number => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            DatasetColumnTypes.Boolean => value.Equals("true", StringComparison.OrdinalIgnoreCase),
            _ => value.ToString(),
        };
    }
}
