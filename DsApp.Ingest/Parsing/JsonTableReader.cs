using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DsApp.Platform.Contracts;

namespace DsApp.Ingest.Parsing;

/// <summary>
/// Reads a JSON array of flat objects, or NDJSON (one flat object a line), streaming with
/// <see cref="Utf8JsonReader"/> over a buffer refilled from the body. The first object names the
/// columns; a later one may leave some out (missing values) but may not bring a new one. Values are
/// numbers, strings, booleans or null (missing); a nested object or array is refused. The first object may name at
/// most <see cref="TableLimits.MaxColumns"/> fields, and no object may hold more than
/// <see cref="TableLimits.MaxRecordChars"/> characters of names and values, so one object's memory stays bounded.
/// </summary>
public sealed class JsonTableReader
{
    /// <summary>A single JSON token (a long string) must fit in this many bytes.</summary>
    public const int MaxTokenBytes = 16 << 20;

    private enum Expect { ArrayStart, ObjectOrEnd, PropertyOrEnd, Value, Nothing }

    private readonly TableSink _sink;
    private readonly TableLimits _limits;
    private readonly bool _lines;
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private bool _columnsKnown;

    // The current object's values: characters in _chars, and per column where they start and end (-1: absent).
    private char[] _chars = new char[4096];
    private int _charCount;
    private long _recordChars; // names and values of the current object
    private readonly List<(int Start, int Length)> _values = [];
    private int _currentOrdinal;
    private string _currentName = "";

    private long _linesConsumed;
    private long _objectLine;

    private JsonTableReader(TableSink sink, TableLimits limits, bool lines)
    {
        _sink = sink;
        _limits = limits;
        _lines = lines;
    }

    public static Task ReadAsync(Stream body, TableSink sink, TableLimits limits, bool ndjson, CancellationToken cancellationToken) =>
        new JsonTableReader(sink, limits, ndjson).ReadAsync(body, cancellationToken);

    private async Task ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = _lines, CommentHandling = JsonCommentHandling.Disallow });
            var expect = _lines ? Expect.ObjectOrEnd : Expect.ArrayStart;
            var length = 0;
            var final = false;
            var first = true;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxTokenBytes)
                        throw BadInputException.AtLine(_linesConsumed + 1, $"a value is longer than {MaxTokenBytes} bytes.");
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0) final = true;
                length += read;
                if (first)
                {
                    if (length < 3 && !final) continue;
                    if (buffer.AsSpan(0, length).StartsWith("\uFEFF"u8)) // a UTF-8 BOM
                    {
                        buffer.AsSpan(3, length - 3).CopyTo(buffer);
                        length -= 3;
                    }
                    if (final && buffer.AsSpan(0, length).Trim(" \t\r\n"u8).IsEmpty)
                        throw new BadInputException("body", _lines ? "the body is empty: send one object a line." : "the body is empty: send an array of objects.");
                    first = false;
                }

                var consumed = Parse(buffer.AsSpan(0, length), final, ref state, ref expect);
                // A row is complete only at the end of its object: let the store catch up between buffers.
                await _sink.FlushAsync(cancellationToken);
                _linesConsumed += buffer.AsSpan(0, consumed).Count((byte)'\n');
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
                if (final) break;
            }
            if (expect != Expect.Nothing && !(_lines && expect == Expect.ObjectOrEnd))
                throw BadInputException.AtLine(_linesConsumed + 1, _lines || expect != Expect.ArrayStart
                    ? "the body ends in the middle of a value." : "the body is empty: send an array of objects.");
            if (_sink.RowCount == 0)
                throw new BadInputException("body", _lines ? "the body has no objects: send one object a line." : "the array is empty: send at least one object.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads every whole token of the buffer; returns how many bytes it consumed.</summary>
    private int Parse(ReadOnlySpan<byte> bytes, bool final, ref JsonReaderState state, ref Expect expect)
    {
        var reader = new Utf8JsonReader(bytes, final, state);
        try
        {
            while (reader.Read())
            {
                switch (expect)
                {
                    case Expect.ArrayStart:
                        if (reader.TokenType != JsonTokenType.StartArray)
                            throw Bad(bytes, ref reader, $"expected an array of objects, found {Describe(reader.TokenType)}.");
                        expect = Expect.ObjectOrEnd;
                        break;
                    case Expect.ObjectOrEnd:
                        if (reader.TokenType == JsonTokenType.EndArray && !_lines)
                        {
                            expect = Expect.Nothing;
                            break;
                        }
                        if (reader.TokenType != JsonTokenType.StartObject)
                            throw Bad(bytes, ref reader, $"expected an object, found {Describe(reader.TokenType)}.");
                        _objectLine = LineOf(bytes, ref reader);
                        StartObject();
                        expect = Expect.PropertyOrEnd;
                        break;
                    case Expect.PropertyOrEnd:
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            EndObject();
                            expect = Expect.ObjectOrEnd;
                            break;
                        }
                        BeginProperty(bytes, ref reader);
                        expect = Expect.Value;
                        break;
                    case Expect.Value:
                        TakeValue(bytes, ref reader);
                        expect = Expect.PropertyOrEnd;
                        break;
                    case Expect.Nothing:
                        throw Bad(bytes, ref reader, "unexpected data after the end of the array.");
                }
            }
        }
        catch (JsonException e)
        {
            throw BadInputException.AtLine((e.LineNumber ?? 0) + 1, $"the body is not valid JSON: {FirstSentence(e.Message)}");
        }
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private void StartObject()
    {
        _charCount = 0;
        _recordChars = 0;
        for (var i = 0; i < _values.Count; i++) _values[i] = (-1, 0);
    }

    private void BeginProperty(ReadOnlySpan<byte> bytes, ref Utf8JsonReader reader)
    {
        RefuseTokenPastTheRecord(ref reader);
        if (reader.ValueIsEscaped && JsonUnicode.Fault(reader.ValueSpan) is { } fault) throw Bad(bytes, ref reader, $"a field name {fault}.");
        _currentName = reader.GetString()!;
        CountChars(_currentName.Length);
        if (!_ordinals.TryGetValue(_currentName, out _currentOrdinal))
        {
            if (_columnsKnown)
                throw Bad(bytes, ref reader, $"field '{_currentName}' is not a column of the table (the first object names the columns).");
            if (_currentName.Length == 0) throw Bad(bytes, ref reader, "a field has an empty name.");
            if (_names.Count == _limits.MaxColumns) throw _limits.TooManyColumns(LineOf(bytes, ref reader), "the first object", $"more than {_limits.MaxColumns}");
            _currentOrdinal = _names.Count;
            _ordinals[_currentName] = _currentOrdinal;
            _names.Add(_currentName);
            _values.Add((-1, 0));
        }
        else if (_values[_currentOrdinal].Start >= 0)
        {
            throw Bad(bytes, ref reader, $"field '{_currentName}' appears twice in one object.");
        }
    }

    private void TakeValue(ReadOnlySpan<byte> bytes, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                throw Bad(bytes, ref reader, $"field '{_currentName}' holds a nested {(reader.TokenType == JsonTokenType.StartObject ? "object" : "array")}: values must be numbers, strings, booleans or null.");
            case JsonTokenType.Null:
                _values[_currentOrdinal] = (_charCount, 0);
                break;
            case JsonTokenType.True:
                Append("true");
                break;
            case JsonTokenType.False:
                Append("false");
                break;
            case JsonTokenType.Number:
                // A number no double can hold would become text and turn its column into a string column.
                if (!double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                    throw Bad(bytes, ref reader, $"field '{_currentName}' holds {Encoding.UTF8.GetString(reader.ValueSpan)}, a number out of the range of a double.");
                Reserve(reader.ValueSpan.Length);
                var start = _charCount;
                _charCount += Encoding.UTF8.GetChars(reader.ValueSpan, _chars.AsSpan(_charCount));
                _values[_currentOrdinal] = (start, _charCount - start);
                CountChars(_charCount - start);
                break;
            case JsonTokenType.String:
                RefuseTokenPastTheRecord(ref reader);
                if (reader.ValueIsEscaped && JsonUnicode.Fault(reader.ValueSpan) is { } fault)
                    throw Bad(bytes, ref reader, $"field '{_currentName}' {fault}.");
                Reserve(reader.ValueSpan.Length);
                var at = _charCount;
                _charCount += reader.CopyString(_chars.AsSpan(_charCount));
                _values[_currentOrdinal] = (at, _charCount - at);
                CountChars(_charCount - at);
                break;
        }
    }

    private void Append(string text)
    {
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(_charCount));
        _values[_currentOrdinal] = (_charCount, text.Length);
        _charCount += text.Length;
        CountChars(text.Length);
    }

    /// <summary>A token that cannot fit what is left of the record, even at six bytes a character (<c>\uXXXX</c>), is refused before it is copied.</summary>
    private void RefuseTokenPastTheRecord(ref Utf8JsonReader reader)
    {
        if (_recordChars + reader.ValueSpan.Length / 6 > _limits.MaxRecordChars) throw _limits.RecordTooLong(_objectLine, "an object");
    }

    private void CountChars(int chars)
    {
        _recordChars += chars;
        if (_recordChars > _limits.MaxRecordChars) throw _limits.RecordTooLong(_objectLine, "an object");
    }

    private void Reserve(int count)
    {
        if (_charCount + count <= _chars.Length) return;
        Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + count));
    }

    private void EndObject()
    {
        if (!_columnsKnown)
        {
            if (_names.Count == 0) throw BadInputException.AtLine(_objectLine, "the first object has no fields: it names the table's columns.");
            _sink.Begin(_names);
            _columnsKnown = true;
        }
        foreach (var (start, count) in _values)
            _sink.Value(start < 0 ? ReadOnlySpan<char>.Empty : _chars.AsSpan(start, count));
        _sink.EndRow(); // the reader flushes between buffers
    }

    private long LineOf(ReadOnlySpan<byte> bytes, ref Utf8JsonReader reader) =>
        _linesConsumed + bytes[..(int)reader.TokenStartIndex].Count((byte)'\n') + 1;

    private BadInputException Bad(ReadOnlySpan<byte> bytes, ref Utf8JsonReader reader, string message) =>
        BadInputException.AtLine(LineOf(bytes, ref reader), message);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].Trim() : message;
    }
}
