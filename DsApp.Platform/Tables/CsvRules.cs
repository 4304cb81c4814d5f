using Sylvan.Data.Csv;

namespace DsApp.Platform.Tables;

/// <summary>
/// How DsApp reads CSV, uploads and stored datasets alike, in the ingest service and the model worker: RFC 4180 with
/// Sylvan's reader, whose leniencies this closes. A line starting with <c>#</c> is a record (Sylvan would skip it as a
/// comment; RFC 4180 has none). A quote inside a field that does not start with one (<c>1"x,2</c>) is a fault (RFC
/// 4180 §2.5: such a field may not hold quotes), and so is a column name holding a control character (a NUL, a tab,
/// a line break…), which no client could tell from another name when it is shown or typed.
/// </summary>
public static class CsvRules
{
    public const char Delimiter = ',';
    public const char Quote = '"';

    /// <summary>C0 and C1, the characters <see cref="char.IsControl(char)"/> names.</summary>
    private static readonly System.Buffers.SearchValues<char> ControlCharacters =
        System.Buffers.SearchValues.Create(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray());

    /// <summary>
    /// The reader's options; <paramref name="maxRecordChars"/> bounds one record. Null reads the service's own stored data
    /// whatever its length: each record was bounded when it was taken in, though its stored form can be longer (CSV
    /// doubles each quote).
    /// </summary>
    public static CsvDataReaderOptions Options(int? maxRecordChars) => new()
    {
        HasHeaders = true,
        Delimiter = Delimiter,
        Quote = Quote,
        Comment = NoComment,
        CsvStyle = CsvStyle.Standard,
        BufferSize = 64 * 1024,
        MaxBufferSize = maxRecordChars ?? Array.MaxLength,
        OwnsReader = false,
    };

    /// <summary>Sylvan's way of saying that no line is a comment.</summary>
    private const char NoComment = '\0';

    /// <summary>
    /// The 0-based field of the current record in which a quote stands inside an unquoted field, or -1. Only a record
    /// that holds a quote at all is walked.
    /// </summary>
    public static int FieldWithBareQuote(CsvDataReader csv) => FieldWithBareQuote(csv.GetRawRecordSpan());

    public static int FieldWithBareQuote(ReadOnlySpan<char> record)
    {
        if (!record.Contains(Quote)) return -1;
        var field = 0;
        var atStart = true;
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c != Quote) continue;
                if (i + 1 < record.Length && record[i + 1] == Quote) i++; // "" inside quotes is one quote
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case Quote when atStart:
                    quoted = true;
                    atStart = false;
                    break;
                case Quote:
                    return field;
                case Delimiter:
                    field++;
                    atStart = true;
                    break;
                case '\r' or '\n':
                    return -1;
                default:
                    atStart = false;
                    break;
            }
        }
        return -1;
    }

    /// <summary>Why a column name cannot be one, or null when it can: a control character in it (shown as U+XXXX).</summary>
    public static string? NameFault(string name)
    {
        var at = name.AsSpan().IndexOfAny(ControlCharacters);
        return at < 0 ? null : $"holds the control character U+{(int)name[at]:X4} at position {at + 1}; a column name may hold none.";
    }

    /// <summary>A column name as an error message shows it: control characters written as \uXXXX.</summary>
    public static string Shown(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
