using Sylvan.Data.Csv;

namespace DsApp.Ingest.Parsing;

/// <summary>
/// Reads an RFC 4180 body (quoted fields, embedded commas and newlines, a UTF-8 BOM, <c>\r\n</c> or
/// <c>\n</c>) with Sylvan's CSV reader. Lines are counted as records, the header being line 1.
/// </summary>
public static class CsvTableReader
{
    /// <summary>A record must fit in <see cref="TableLimits.MaxRecordChars"/> characters (the reader's buffer).</summary>
    public static async Task ReadAsync(Stream body, TableSink sink, TableLimits limits, CancellationToken cancellationToken)
    {
        using var decoded = new DecodingTextReader(body, cancellationToken);
        using var text = new CsvHeaderGuard(decoded, limits);
        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            Quote = '"',
            CsvStyle = CsvStyle.Standard,
            BufferSize = 64 * 1024,
            MaxBufferSize = limits.MaxRecordChars,
            OwnsReader = false,
        };
        CsvDataReader csv;
        try
        {
            csv = await CsvDataReader.CreateAsync(text, options, cancellationToken);
        }
        catch (Exception e) when (e is CsvFormatException or CsvRecordTooLargeException)
        {
            // Sylvan finds no header in an empty body (or one holding only a BOM).
            if (body is CheckedBodyStream { BytesRead: <= 3 }) throw EmptyBody();
            throw Explain(e, limits);
        }
        await using var _ = csv;
        if (csv.FieldCount == 0 || (csv.FieldCount == 1 && csv.GetName(0).Length == 0))
            throw EmptyBody();
        // The guard has counted the header already, reading quotes as Sylvan does; this holds should they ever differ.
        if (csv.FieldCount > limits.MaxColumns) throw limits.TooManyColumns(1, "the header", csv.FieldCount.ToString());
        var names = new string[csv.FieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = csv.GetName(i);
        sink.Begin(names);

        var line = 1L;
        while (true)
        {
            bool more;
            try
            {
                more = await csv.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is CsvFormatException or CsvRecordTooLargeException)
            {
                throw Explain(e, limits);
            }
            if (!more) break;
            line = csv.RowNumber + 1; // Sylvan counts data records from 1; the header is line 1
            var found = csv.RowFieldCount;
            if (found != names.Length)
            {
                if (found <= 1 && csv.GetFieldSpan(0).IsEmpty) continue; // a blank line
                throw BadInputException.AtLine(line, $"expected {names.Length} fields, found {found}.");
            }
            for (var i = 0; i < names.Length; i++) sink.Value(csv.GetFieldSpan(i));
            await sink.EndRowAsync(cancellationToken);
        }
        if (sink.RowCount == 0)
            throw new BadInputException("body", "the body has a header but no records.");
    }

    private static BadInputException EmptyBody() =>
        new("body", "the body is empty: a CSV table needs a header line and at least one record.");

    /// <summary>
    /// Sylvan's complaint at the line of the record it names (its rows count from 1 after the header, which is line 1; it may
    /// complain of the first record while still reading the header). Too large first: it is a kind of format error.
    /// </summary>
    private static BadInputException Explain(Exception e, TableLimits limits) => e switch
    {
        CsvRecordTooLargeException large => limits.RecordTooLong(large.RowNumber + 1, "a record", "often an unclosed quote"),
        CsvFormatException format => BadInputException.AtLine(format.RowNumber + 1,
            $"field {format.FieldOrdinal + 1} is badly quoted (a quote that is never closed, or text after a closing quote)."),
        _ => throw new ArgumentException("not a CSV reader's complaint", nameof(e)),
    };
}
