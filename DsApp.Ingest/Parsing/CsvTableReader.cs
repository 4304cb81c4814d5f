using DsApp.Platform.Tables;
using Sylvan.Data.Csv;

namespace DsApp.Ingest.Parsing;

/// <summary>
/// Reads an RFC 4180 body (quoted fields, embedded commas and newlines, a UTF-8 BOM, <c>\r\n</c> or
/// <c>\n</c>) with Sylvan's CSV reader, by <see cref="CsvRules"/>. Lines are counted as records, the header being line 1.
/// </summary>
public static class CsvTableReader
{
    /// <summary>A record must fit in <see cref="TableLimits.MaxRecordChars"/> characters (the reader's buffer).</summary>
    public static async Task ReadAsync(Stream body, TableSink sink, TableLimits limits, CancellationToken cancellationToken)
    {
        using var decoded = new DecodingTextReader(body, cancellationToken);
        using var text = new CsvHeaderGuard(decoded, limits);
        CsvDataReader csv;
        try
        {
            csv = await CsvDataReader.CreateAsync(text, CsvRules.Options(limits.MaxRecordChars), cancellationToken);
        }
        catch (CsvFormatException e)
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
            catch (CsvFormatException e)
            {
                throw Explain(e, limits);
            }
            if (!more) break;
            line = csv.RowNumber + 1; // Sylvan counts data records from 1; the header is line 1
            if (CsvRules.FieldWithBareQuote(csv) is var bare and >= 0) throw BareQuote(line, bare, names);
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

    /// <summary>RFC 4180: a field holding a quote is quoted whole, its quotes doubled (<c>"1""x"</c>).</summary>
    public static BadInputException BareQuote(long line, int field, IReadOnlyList<string>? names = null) =>
        BadInputException.AtLine(line, $"column {field + 1}{(names is not null && field < names.Count ? $" ('{CsvRules.Shown(names[field])}')" : "")} has a quote inside an unquoted field: "
            + "quote the whole field and double each quote in it (RFC 4180).");

    private static BadInputException EmptyBody() =>
        new("body", "the body is empty: a CSV table needs a header line and at least one record.");

    /// <summary>
    /// Sylvan's failure in the client's terms (its record-too-large is a format failure too), at the line of the record it
    /// names: its rows count from 1 after the header, which is line 1, and it may fail on the first record while still
    /// reading the header.
    /// </summary>
    private static BadInputException Explain(CsvFormatException e, TableLimits limits) => e is CsvRecordTooLargeException
        ? limits.RecordTooLong(e.RowNumber + 1, "a record", "often an unclosed quote")
        : BadInputException.AtLine(e.RowNumber + 1, $"field {e.FieldOrdinal + 1} is badly quoted (a quote that is never closed, or text after a closing quote).");
}
