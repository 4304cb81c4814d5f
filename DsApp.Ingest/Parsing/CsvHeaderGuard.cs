namespace DsApp.Ingest.Parsing;

/// <summary>
/// Passes a CSV body through, counting the header's fields as they go by, and stops the body as soon as the
/// header has more than <see cref="TableLimits.MaxColumns"/>. Sylvan's reading of a header costs time and memory
/// that grow with the square of its width (100,000 fields: 1.8 GB), so the count cannot wait for it. Quotes are
/// read as Sylvan reads them: one opens a quoted field only at the start of a field, <c>""</c> inside it is a quote;
/// one anywhere else in a field is refused, as <see cref="DsApp.Platform.Tables.CsvRules"/> refuses it in a record.
/// </summary>
public sealed class CsvHeaderGuard(TextReader inner, TableLimits limits) : TextReader
{
    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, HeaderDone }

    private State _state = State.FieldStart;
    private int _fields = 1;

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (_state != State.HeaderDone) Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override int Read(Span<char> buffer) => throw new NotSupportedException("CsvHeaderGuard is read asynchronously.");

    public override int Read(char[] buffer, int index, int count) => throw new NotSupportedException("CsvHeaderGuard is read asynchronously.");

    public override int Peek() => throw new NotSupportedException("CsvHeaderGuard is read asynchronously.");

    private void Count(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            _state = (_state, c) switch
            {
                (State.Unquoted, '"') => throw CsvTableReader.BareQuote(1, _fields - 1),
                (State.Quoted, '"') => State.QuoteInQuoted,
                (State.Quoted, _) => State.Quoted,
                (State.FieldStart or State.QuoteInQuoted, '"') => State.Quoted,
                (_, ',') => State.FieldStart,
                (_, '\r' or '\n') => State.HeaderDone,
                _ => State.Unquoted,
            };
            if (_state == State.HeaderDone) return;
            if (_state == State.FieldStart && ++_fields > limits.MaxColumns)
                throw limits.TooManyColumns(1, "the header", $"more than {limits.MaxColumns}");
        }
    }
}
