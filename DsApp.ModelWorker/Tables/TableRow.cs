using Microsoft.ML;
using Microsoft.ML.Data;

namespace DsApp.ModelWorker.Tables;

/// <summary>
/// One row of a <see cref="ColumnTable"/> as ML.NET reads it. The table and the row can change under the same getters,
/// so a pooled prediction session binds each request's table to getters made once.
/// </summary>
public sealed class TableRow(DataViewSchema schema) : DataViewRow
{
    private long _position = -1;

    public ColumnTable? Table { get; set; }
    public int Index { get; private set; } = -1;

    public override DataViewSchema Schema => schema;
    public override long Position => _position;
    public override long Batch => 0;

    /// <summary>Points the row at <paramref name="index"/>; the position always moves on, so ML.NET's per-row caches see a new row.</summary>
    public void MoveTo(int index)
    {
        Index = index;
        _position++;
    }

    /// <summary>Starts over on another table (the position keeps growing).</summary>
    public void Bind(ColumnTable table)
    {
        Table = table;
        Index = -1;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var i = column.Index;
        Delegate getter = column.Type switch
        {
            NumberDataViewType => (ValueGetter<float>)((ref float value) => value = Table!.Columns[i].Numbers![Index]),
            TextDataViewType => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = Table!.Columns[i].Texts![Index]),
            BooleanDataViewType => (ValueGetter<bool>)((ref bool value) => value = Table!.Columns[i].Booleans![Index]),
            KeyDataViewType => (ValueGetter<uint>)((ref uint value) => value = Table!.Columns[i].Keys![Index]),
            _ => throw new InvalidOperationException($"Column '{column.Name}' has a type tables do not hold: {column.Type}."),
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
    }
}
