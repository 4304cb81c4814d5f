using Microsoft.ML;
using Microsoft.ML.Data;

namespace DsApp.ModelWorker.Tables;

/// <summary>One column of a <see cref="ColumnTable"/>: a name, a kind and one typed array (the others are null).</summary>
public sealed class TableColumn
{
    private TableColumn(string name, ColumnKind kind) { Name = name; Kind = kind; }

    public string Name { get; }
    public ColumnKind Kind { get; }
    public float[]? Numbers { get; private init; }
    public ReadOnlyMemory<char>[]? Texts { get; private init; }
    public bool[]? Booleans { get; private init; }
    /// <summary>1-based class index (0 = missing), as ML.NET keys are.</summary>
    public uint[]? Keys { get; private init; }
    /// <summary>The class names of a key column, in key order.</summary>
    public IReadOnlyList<string>? KeyNames { get; private init; }

    public static TableColumn Number(string name, float[] values) => new(name, ColumnKind.Number) { Numbers = values };
    public static TableColumn Text(string name, ReadOnlyMemory<char>[] values) => new(name, ColumnKind.Text) { Texts = values };
    public static TableColumn Boolean(string name, bool[] values) => new(name, ColumnKind.Boolean) { Booleans = values };
    public static TableColumn Key(string name, uint[] keys, IReadOnlyList<string> keyNames) => new(name, ColumnKind.Key) { Keys = keys, KeyNames = keyNames };

    public int Length => Numbers?.Length ?? Texts?.Length ?? Booleans?.Length ?? Keys!.Length;

    public DataViewType Type => Kind switch
    {
        ColumnKind.Number => NumberDataViewType.Single,
        ColumnKind.Text => TextDataViewType.Instance,
        ColumnKind.Boolean => BooleanDataViewType.Instance,
        _ => new KeyDataViewType(typeof(uint), KeyNames!.Count),
    };

    /// <summary>The column with only the rows at <paramref name="rows"/>, in that order.</summary>
    public TableColumn Take(IReadOnlyList<int> rows) => Kind switch
    {
        ColumnKind.Number => Number(Name, Pick(Numbers!, rows)),
        ColumnKind.Text => Text(Name, Pick(Texts!, rows)),
        ColumnKind.Boolean => Boolean(Name, Pick(Booleans!, rows)),
        _ => Key(Name, Pick(Keys!, rows), KeyNames!),
    };

    internal void AddTo(DataViewSchema.Builder schema)
    {
        if (Kind != ColumnKind.Key)
        {
            schema.AddColumn(Name, Type);
            return;
        }
        // Class names travel as KeyValues, so the trainer's PredictedLabel and Score carry them into the saved model.
        var names = KeyNames!.Select(n => n.AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> value) =>
            value = new VBuffer<ReadOnlyMemory<char>>(names.Length, names);
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, names.Length), getter);
        schema.AddColumn(Name, Type, annotations.ToAnnotations());
    }

    private static T[] Pick<T>(T[] source, IReadOnlyList<int> rows)
    {
        var result = new T[rows.Count];
        for (var i = 0; i < result.Length; i++) result[i] = source[rows[i]];
        return result;
    }
}
