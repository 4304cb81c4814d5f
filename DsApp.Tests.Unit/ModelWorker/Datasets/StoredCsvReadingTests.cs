using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Datasets;

namespace DsApp.Tests.Unit.ModelWorker.Datasets;

/// <summary>
/// The model worker reads a stored dataset by the rules the ingest service took it in with: what an upload is refused
/// for is refused here too (naming line and column), and any record an upload may hold is read.
/// </summary>
public sealed class StoredCsvReadingTests
{
    private static readonly IReadOnlyList<FeatureColumn> Features = [new("x", "number"), new("note", "string")];

    [Fact]
    public async Task A_quote_inside_an_unquoted_field_fails_naming_the_line_and_column()
    {
        var error = await Assert.ThrowsAsync<UnusableDataException>(() => ModelWorkerData.ReadAsync("x,note\n1,\"a\"\"b\"\n2,c\"d\n", Features, null));
        Assert.Contains("line 3, column 2", error.Message);
        Assert.Contains("quote", error.Message);
    }

    [Fact]
    public async Task A_column_name_with_a_control_character_fails_naming_the_column()
    {
        var error = await Assert.ThrowsAsync<UnusableDataException>(() => ModelWorkerData.ReadAsync("x,note\0\n1,a\n", Features, null));
        Assert.Contains("column 2 ('note\\u0000')", error.Message);
        Assert.Contains("U+0000", error.Message);
    }

    [Fact]
    public async Task A_row_starting_with_a_hash_is_read_as_a_row()
    {
        var table = await ModelWorkerData.ReadAsync("note,x\n#first,1\n2nd,2\n", [new("x", "number"), new("note", "string")], null);
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public async Task A_record_longer_than_the_readers_first_buffer_is_read_whole()
    {
        var note = new string('n', 200_000);
        var table = await ModelWorkerData.ReadAsync($"x,note\n1,{note}\n2,short\n", Features, null);
        Assert.Equal(2, table.RowCount);
    }
}
