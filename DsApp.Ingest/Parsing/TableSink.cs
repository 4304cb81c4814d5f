using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using DsApp.Ingest.Profiling;
using DsApp.Platform.Tables;

namespace DsApp.Ingest.Parsing;

/// <summary>
/// Where a parser sends a table, row by row: each value is profiled and written, in the stored form
/// (UTF-8 CSV with a header, <c>\n</c> line ends, RFC 4180 quotes only where a value needs them),
/// to a pipe that the object store drains. Values gather in a buffer of its own (writing each one
/// to the pipe would cost more than profiling it); memory stays bounded as the pipe pauses the
/// parser when the store falls behind.
/// </summary>
public sealed class TableSink(PipeWriter output)
{
    private const int FlushThreshold = 256 * 1024;
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    private byte[] _buffer = new byte[FlushThreshold + 64 * 1024];
    private int _length;

    private ColumnProfile[] _profiles = [];
    private int _field;

    public long RowCount { get; private set; }
    public long BytesWritten { get; private set; }
    public int ColumnCount => _profiles.Length;

    /// <summary>Checks and writes the header: every column named (no control character in a name), no name twice.</summary>
    public void Begin(IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new BadInputException("body", "the body is empty: a table needs a header or at least one record.");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
                throw new BadInputException("columns", $"column {i + 1} has no name.");
            if (CsvRules.NameFault(names[i]) is { } fault)
                throw new BadInputException("columns", $"the name of column {i + 1} ('{CsvRules.Shown(names[i])}') {fault}");
            if (!seen.TryAdd(names[i], i))
                throw new BadInputException("columns", $"column {i + 1} repeats the name '{names[i]}' of column {seen[names[i]] + 1}.");
        }
        _profiles = names.Select(name => new ColumnProfile(name)).ToArray();
        for (var i = 0; i < names.Count; i++) WriteValue(names[i], i == 0);
        EndLine();
    }

    /// <summary>The next value of the current row, in column order; empty for a missing value.</summary>
    public void Value(ReadOnlySpan<char> value)
    {
        _profiles[_field].Observe(value);
        WriteValue(value, _field == 0);
        _field++;
    }

    /// <summary>Ends the current row; lets the store catch up now and then.</summary>
    public ValueTask EndRowAsync(CancellationToken cancellationToken)
    {
        EndRow();
        return _length >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Ends the current row without flushing; the caller flushes with <see cref="FlushAsync"/>.</summary>
    public void EndRow()
    {
        _field = 0;
        RowCount++;
        EndLine();
    }

    /// <summary>Hands the buffered rows to the pipe, waiting while the store is behind.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_length == 0) return;
        var result = await output.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        _length = 0;
        if (result.IsCompleted) throw new IOException("The object store stopped reading the upload.");
    }

    public IReadOnlyList<DatasetColumn> Columns() => _profiles.Select(p => p.ToColumn()).ToArray();

    private void WriteValue(ReadOnlySpan<char> value, bool first)
    {
        var quote = value.ContainsAny(NeedsQuotes);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length) * (quote ? 2 : 1) + 3;
        var span = Reserve(max);
        var at = 0;
        if (!first) span[at++] = (byte)',';
        if (!quote)
        {
            at += Encoding.UTF8.GetBytes(value, span[at..]);
        }
        else
        {
            span[at++] = (byte)'"';
            while (true)
            {
                var q = value.IndexOf('"');
                var part = q < 0 ? value : value[..(q + 1)];
                at += Encoding.UTF8.GetBytes(part, span[at..]);
                if (q < 0) break;
                span[at++] = (byte)'"'; // a quote inside is written twice
                value = value[(q + 1)..];
            }
            span[at++] = (byte)'"';
        }
        _length += at;
        BytesWritten += at;
    }

    private void EndLine()
    {
        Reserve(1)[0] = (byte)'\n';
        _length++;
        BytesWritten++;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        return _buffer.AsSpan(_length);
    }
}
