using DsApp.Ingest.Parsing;

namespace DsApp.Tests.Unit.Ingest.Parsing;

/// <summary>
/// The header's width is counted as the body goes by, reading quotes as Sylvan's CSV reader does; a quote inside an
/// unquoted field is refused there (RFC 4180), as in every record.
/// </summary>
public sealed class CsvHeaderGuardTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3,4,5,6,7\n")]            // only the header counts
    [InlineData("\"a,b,c,d\",e\n1,2\n")]              // a comma inside quotes separates nothing
    [InlineData("\"a\"\",\"\"b\",c\n1,2\n")]          // nor one between escaped quotes
    [InlineData("a,\"c\nd,e\",f\n1,2,3\n")]           // a quoted field may span lines
    public async Task A_header_of_at_most_three_fields_passes_whole(string csv)
    {
        Assert.Equal(csv, await ReadAllAsync(csv, maxColumns: 3));
    }

    [Theory]
    [InlineData("a,b,c,d\n1,2,3,4\n")]
    [InlineData("a,,,\n1,2,3,4\n")]
    [InlineData("\"a\",\"b\"\"\",c,d\n1,2,3,4\n")]
    public async Task A_header_of_a_fourth_field_is_refused_naming_line_1_and_the_limit(string csv)
    {
        var error = await Assert.ThrowsAsync<BadInputException>(() => ReadAllAsync(csv, maxColumns: 3));
        Assert.Equal("line 1", error.Where);
        Assert.Contains("the header has more than 3 columns", error.Message);
    }

    [Theory]
    [InlineData("a\"b,c\n1,2\n", 1)]
    [InlineData("a,\"b\"c\"\n1,2\n", 2)]   // text after a closing quote, then a quote: bare again
    [InlineData("a,b,c\"\n1,2,3\n", 3)]
    public async Task A_quote_inside_an_unquoted_header_field_is_refused_naming_line_1_and_the_column(string csv, int column)
    {
        var error = await Assert.ThrowsAsync<BadInputException>(() => ReadAllAsync(csv, maxColumns: 3));
        Assert.Equal("line 1", error.Where);
        Assert.Contains($"column {column} has a quote inside an unquoted field", error.Message);
    }

    private static async Task<string> ReadAllAsync(string csv, int maxColumns)
    {
        using var guard = new CsvHeaderGuard(new StringReader(csv), new TableLimits(maxColumns, 1 << 20));
        var all = new System.Text.StringBuilder();
        var buffer = new char[2]; // a field split across reads is still counted once
        int read;
        while ((read = await guard.ReadAsync(buffer.AsMemory())) > 0) all.Append(buffer, 0, read);
        return all.ToString();
    }
}
