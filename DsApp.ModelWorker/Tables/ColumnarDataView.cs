using Microsoft.ML.Data;
using Microsoft.ML;

namespace DsApp.ModelWorker.Tables;

/// <summary>An <see cref="IDataView"/> over a <see cref="ColumnTable"/>: cursors read the arrays in place, nothing is copied.</summary>
public sealed class ColumnarDataView(ColumnTable table) : IDataView
{
    public bool CanShuffle => false;
    public DataViewSchema Schema => table.Schema;
    public long? GetRowCount() => table.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(table);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ColumnTable table) : DataViewRowCursor
    {
        private readonly TableRow _row = new(table.Schema) { Table = table };

        public override DataViewSchema Schema => table.Schema;
        public override long Position => _row.Position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_row.Index + 1 >= table.RowCount) return false;
            _row.MoveTo(_row.Index + 1);
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => _row.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => true;
    }
}
