using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.Platform.Tables;
using Sylvan.Data.Csv;

namespace DsApp.ModelWorker.Datasets;

/// <summary>
/// Reads a CSV stream (header row first) straight into typed column arrays, chunk by chunk, with Sylvan's reader by the
/// rules the ingest service took the dataset in with (<see cref="CsvRules"/>):
/// the feature columns (and the label, when training) become a <see cref="ColumnTable"/>; nothing else is kept,
/// except, when asked, each row's fields for a batch prediction to write back.
/// </summary>
public sealed class DatasetCsvReader : IAsyncDisposable
{
    public const string LabelColumn = "__Label";

    private readonly CsvDataReader _csv;
    private readonly IReadOnlyList<FeatureColumn> _features;
    private readonly int[] _featureOrdinals;
    private readonly LabelSpec? _label;
    private readonly int _labelOrdinal = -1;
    private readonly bool _keepFields;
    private long _line = 1;

    private DatasetCsvReader(CsvDataReader csv, IReadOnlyList<FeatureColumn> features, LabelSpec? label, bool keepFields)
    {
        _csv = csv;
        _features = features;
        _label = label;
        _keepFields = keepFields;
        Header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        for (var i = 0; i < Header.Count; i++)
        {
            if (CsvRules.NameFault(Header[i]) is { } fault)
                throw new UnusableDataException($"line 1: the name of column {i + 1} ('{CsvRules.Shown(Header[i])}') {fault}");
        }
        _featureOrdinals = features.Select(f => Ordinal(f.Name)).ToArray();
        if (label is not null) _labelOrdinal = Ordinal(label.Name);
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The fields of each row of the last chunk, when the reader keeps them.</summary>
    public List<string[]> Fields { get; } = [];

    public static async Task<DatasetCsvReader> OpenAsync(Stream csv, IReadOnlyList<FeatureColumn> features, LabelSpec? label, bool keepFields, CancellationToken cancellationToken)
    {
        // Stored datasets were bounded record by record when they were uploaded: no cap of their own here.
        var reader = await CsvDataReader.CreateAsync(new StreamReader(csv), CsvRules.Options(maxRecordChars: null), cancellationToken);
        try
        {
            return new DatasetCsvReader(reader, features, label, keepFields);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    /// <summary>Up to <paramref name="maxRows"/> more rows, or null when the stream is done. Rows with a missing label are skipped.</summary>
    public async Task<ColumnTable?> ReadChunkAsync(int maxRows, CancellationToken cancellationToken)
    {
        var numbers = _features.Select(f => FeatureTypes.KindOf(f.Type) == ColumnKind.Number ? new List<float>() : null).ToArray();
        var texts = _features.Select(f => FeatureTypes.KindOf(f.Type) == ColumnKind.Text ? new List<ReadOnlyMemory<char>>() : null).ToArray();
        var labelNumbers = new List<float>();
        var labelFlags = new List<bool>();
        var labelTexts = new List<string>();
        Fields.Clear();
        var rows = 0;
        while (rows < maxRows && await _csv.ReadAsync(cancellationToken))
        {
            _line++;
            if (CsvRules.FieldWithBareQuote(_csv) is var bare and >= 0)
                throw new UnusableDataException($"line {_line}, column {bare + 1}: a quote inside an unquoted field (RFC 4180 quotes the whole field and doubles its quotes).");
            if (_label is not null && !TryReadLabel(labelNumbers, labelFlags, labelTexts)) continue;
            for (var f = 0; f < _features.Count; f++)
            {
                var text = _csv.GetFieldSpan(_featureOrdinals[f]);
                if (texts[f] is { } textColumn)
                {
                    textColumn.Add(text.ToString().AsMemory());
                }
                else if (FeatureTypes.TryParseField(_features[f].Type, text, out var value))
                {
                    numbers[f]!.Add(value);
                }
                else
                {
                    throw new UnusableDataException($"line {_line}, column '{_features[f].Name}': '{text.ToString()}' is not a {_features[f].Type}.");
                }
            }
            if (_keepFields)
            {
                var fields = new string[_csv.FieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = _csv.GetString(i);
                Fields.Add(fields);
            }
            rows++;
        }
        if (rows == 0) return null;

        var columns = new List<TableColumn>(_features.Count + 1);
        for (var f = 0; f < _features.Count; f++)
        {
            columns.Add(texts[f] is { } t ? TableColumn.Text(_features[f].Name, t.ToArray()) : TableColumn.Number(_features[f].Name, numbers[f]!.ToArray()));
        }
        if (_label is not null) columns.Add(BuildLabel(labelNumbers, labelFlags, labelTexts));
        return new ColumnTable(columns);
    }

    private bool TryReadLabel(List<float> numbers, List<bool> flags, List<string> texts)
    {
        var text = _csv.GetFieldSpan(_labelOrdinal).Trim();
        if (text.IsEmpty) return false;
        switch (_label!.Task)
        {
            case ModelTask.Regression:
                if (!FeatureTypes.TryParseField(_label.Type, text, out var value))
                    throw new UnusableDataException($"line {_line}, label '{_label.Name}': '{text.ToString()}' is not a number; regression needs a numeric label.");
                numbers.Add(value);
                return true;
            case ModelTask.BinaryClassification:
                if (!FeatureTypes.TryParseBoolean(text, out var flag))
                    throw new UnusableDataException($"line {_line}, label '{_label.Name}': '{text.ToString()}' is not a boolean; binary classification needs true/false or 1/0 labels.");
                flags.Add(flag);
                return true;
            default:
                texts.Add(text.ToString());
                return true;
        }
    }

    private TableColumn BuildLabel(List<float> numbers, List<bool> flags, List<string> texts) => _label!.Task switch
    {
        ModelTask.Regression => TableColumn.Number(LabelColumn, numbers.ToArray()),
        ModelTask.BinaryClassification => TableColumn.Boolean(LabelColumn, flags.ToArray()),
        _ => KeyLabel(texts),
    };

    private static TableColumn KeyLabel(List<string> texts)
    {
        var classes = texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = classes.Select((name, i) => (name, key: (uint)(i + 1))).ToDictionary(p => p.name, p => p.key, StringComparer.Ordinal);
        return TableColumn.Key(LabelColumn, texts.Select(t => index[t]).ToArray(), classes);
    }

    private int Ordinal(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (Header[i] == name) return i;
        }
        throw new UnusableDataException($"The dataset has no column '{name}' (its header: {string.Join(", ", Header)}).");
    }

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
