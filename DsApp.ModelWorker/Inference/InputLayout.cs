using System.Globalization;
using System.Text;
using System.Text.Json;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// A version's inputs, worked out once when the version loads: each feature's position, type and ML.NET column,
/// so a request's JSON becomes column arrays by dictionary look-ups, with no reflection.
/// </summary>
public sealed class InputLayout
{
    private readonly Dictionary<string, int> _index;
    private readonly string? _label;

    public InputLayout(IReadOnlyList<FeatureColumn> features, string? label)
    {
        Features = features;
        _label = label;
        _index = features.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        Schema = ColumnTable.BuildSchema(features.Select(f => FeatureTypes.KindOf(f.Type) == ColumnKind.Text
            ? TableColumn.Text(f.Name, [])
            : TableColumn.Number(f.Name, [])));
    }

    public IReadOnlyList<FeatureColumn> Features { get; }

    /// <summary>The ML.NET schema every input table of this version has (the one its row mapper is bound to).</summary>
    public DataViewSchema Schema { get; }

    public bool TryGetIndex(string name, out int index) => _index.TryGetValue(name, out index);

    /// <summary>Reads <c>{"instances":[{...}]}</c> or one flat object into a table, or throws an <see cref="InputException"/> naming each bad field.</summary>
    public ColumnTable Read(JsonElement body, int maxRows)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw InputException.For("body", "expected {\"instances\": [{...}]} or one flat object of features.");
        if (body.TryGetProperty("instances", out var instances) && !_index.ContainsKey("instances"))
        {
            if (instances.ValueKind != JsonValueKind.Array)
                throw InputException.For("instances", "must be an array of objects.");
            var count = instances.GetArrayLength();
            if (count == 0) throw InputException.For("instances", "is empty: give at least one instance.");
            if (count > maxRows)
                throw InputException.For("instances", $"has {count} rows; at most {maxRows} are taken in one request.", InputRefusal.TooLarge);
            var builder = new TableBuilder(this, count);
            var row = 0;
            foreach (var instance in instances.EnumerateArray()) builder.Add(row, instance, $"instances[{row++}]");
            return builder.Build();
        }
        var single = new TableBuilder(this, 1);
        single.Add(0, body, "");
        return single.Build();
    }

    /// <summary>Builds a table from one value per feature per row (already typed), for the tensor path.</summary>
    public ColumnTable FromColumns(float[]?[] numbers, ReadOnlyMemory<char>[]?[] texts)
    {
        var columns = new TableColumn[Features.Count];
        for (var f = 0; f < Features.Count; f++)
        {
            columns[f] = FeatureTypes.KindOf(Features[f].Type) == ColumnKind.Text
                ? TableColumn.Text(Features[f].Name, texts[f]!)
                : TableColumn.Number(Features[f].Name, numbers[f]!);
        }
        return new ColumnTable(columns, Schema);
    }

    /// <summary>One row's values in feature order, as text that is equal exactly when the inputs are: the prediction cache's key.</summary>
    public static string CanonicalRow(ColumnTable table, int row)
    {
        var text = new StringBuilder(64);
        foreach (var column in table.Columns)
        {
            if (column.Kind == ColumnKind.Text)
            {
                var value = column.Texts![row].Span;
                text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
            }
            else
            {
                text.Append(column.Numbers![row].ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('|');
        }
        return text.ToString();
    }

    private sealed class TableBuilder
    {
        private readonly InputLayout _layout;
        private readonly float[]?[] _numbers;
        private readonly ReadOnlyMemory<char>[]?[] _texts;
        private readonly bool[] _seen;
        private readonly Dictionary<string, string[]> _errors = [];

        public TableBuilder(InputLayout layout, int rows)
        {
            _layout = layout;
            var features = layout.Features;
            _numbers = new float[]?[features.Count];
            _texts = new ReadOnlyMemory<char>[]?[features.Count];
            for (var f = 0; f < features.Count; f++)
            {
                if (FeatureTypes.KindOf(features[f].Type) == ColumnKind.Text) _texts[f] = new ReadOnlyMemory<char>[rows];
                else _numbers[f] = new float[rows];
            }
            _seen = new bool[features.Count];
        }

        public void Add(int row, JsonElement instance, string path)
        {
            var prefix = path.Length == 0 ? "" : path + ".";
            if (instance.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "must be an object of feature values.");
                return;
            }
            Array.Clear(_seen);
            foreach (var property in instance.EnumerateObject())
            {
                if (!_layout._index.TryGetValue(property.Name, out var f))
                {
                    if (property.Name == _layout._label) continue; // a row as it came from the dataset: its label is not an input
                    Fail(prefix + property.Name, $"is not a feature of this model (its features: {string.Join(", ", _layout.Features.Select(x => x.Name))}).");
                    continue;
                }
                if (_seen[f])
                {
                    // Two values for one feature: which one the model should see cannot be guessed.
                    Fail(prefix + property.Name, "is given twice.");
                    continue;
                }
                _seen[f] = true;
                var feature = _layout.Features[f];
                if (!TryRead(feature.Type, property.Value, row, f))
                    Fail(prefix + property.Name, property.Value.ValueKind == JsonValueKind.Number && feature.Type is FeatureTypes.Number or FeatureTypes.Integer
                        ? $"{property.Value.GetRawText()} is out of the range of a 32-bit float (about ±3.4e38)."
                        : $"expected a {Describe(feature.Type)}, got {Describe(property.Value.ValueKind)}.");
            }
            for (var f = 0; f < _seen.Length; f++)
            {
                if (!_seen[f]) Fail(prefix + _layout.Features[f].Name, "is missing: every feature needs a value (null for unknown).");
            }
        }

        private bool TryRead(string type, JsonElement value, int row, int f)
        {
            if (_texts[f] is { } texts)
            {
                if (value.ValueKind == JsonValueKind.String) texts[row] = value.GetString().AsMemory();
                else if (value.ValueKind == JsonValueKind.Null) texts[row] = ReadOnlyMemory<char>.Empty;
                else return false;
                return true;
            }
            var numbers = _numbers[f]!;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    numbers[row] = float.NaN;
                    return true;
                case JsonValueKind.Number when type is FeatureTypes.Number or FeatureTypes.Integer:
                    return value.TryGetSingle(out numbers[row]) && float.IsFinite(numbers[row]);
                case JsonValueKind.True or JsonValueKind.False when type == FeatureTypes.Boolean:
                    numbers[row] = value.ValueKind == JsonValueKind.True ? 1f : 0f;
                    return true;
                case JsonValueKind.String when type == FeatureTypes.DateTime:
                    return FeatureTypes.TryParseField(type, value.GetString(), out numbers[row]);
                default:
                    return false;
            }
        }

        private void Fail(string field, string message)
        {
            if (_errors.Count < 20) _errors.TryAdd(field, [message]);
        }

        public ColumnTable Build()
        {
            if (_errors.Count > 0) throw new InputException(_errors);
            return _layout.FromColumns(_numbers, _texts);
        }

        private static string Describe(string type) => type switch
        {
            FeatureTypes.Boolean => "boolean",
            FeatureTypes.DateTime => "ISO 8601 date-time string",
            FeatureTypes.String => "string",
            _ => "number",
        };

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Number => "a number",
            JsonValueKind.String => "a string",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "something else",
        };
    }
}
