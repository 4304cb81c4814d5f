using System.Text;
using Xunit.Abstractions;

namespace DsApp.Tests.Ingest.Parsing;

/// <summary>
/// A table's width is capped (<c>Ingest:MaxColumns</c>, 2,000) and so is one JSON object's size
/// (<c>Ingest:MaxRecordChars</c>): a small upload must not make the service allocate a distinct-count sketch per
/// column by the hundred thousand (review H2).
/// </summary>
[Collection(IngestAloneCollection.Name)]
public sealed class TableLimitTests(IngestAppFixture app, ITestOutputHelper output)
{
    private const int MaxColumns = 2_000;
    private const long AllocationBudget = 100L * 1024 * 1024;

    private readonly HttpClient _client = app.CreateClient();

    public static TheoryData<string, string> Formats => new()
    {
        { "text/csv", "the header" },
        { "application/json", "the first object" },
        { "application/x-ndjson", "the first object" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_table_of_100000_columns_is_a_400_naming_the_limit_and_allocates_less_than_100_MB(string contentType, string where)
    {
        var id = $"wide-{Format(contentType)}";
        var body = Table(contentType, 100_000);
        using (var warmUp = await _client.GetAsync("/api/datasets")) warmUp.EnsureSuccessStatusCode();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await _client.PostAsync($"/api/datasets?id={id}", IngestClient.Body(body, contentType));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{contentType}: {body.Length:N0} bytes, answered {(int)response.StatusCode}, allocated {allocated / (1024.0 * 1024):F1} MiB");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "line 1", $"at most {MaxColumns} columns");
        Assert.Contains(where, problem.GetProperty("detail").GetString());
        Assert.Contains("Ingest:MaxColumns", problem.GetProperty("detail").GetString());
        Assert.True(allocated < AllocationBudget, $"the refusal allocated {allocated:N0} bytes");
        Assert.Empty(app.StoredKeys($"datasets/{id}/"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_table_at_the_column_cap_is_taken_and_one_column_more_is_refused(string contentType, string where)
    {
        var id = $"at-cap-{Format(contentType)}";
        using (var atCap = await _client.PostAsync($"/api/datasets?id={id}", IngestClient.Body(Table(contentType, MaxColumns), contentType)))
        {
            Assert.Equal(HttpStatusCode.Created, atCap.StatusCode);
            Assert.Equal(MaxColumns, (await atCap.JsonAsync()).GetProperty("columns").GetArrayLength());
        }
        using var over = await _client.PostAsync($"/api/datasets?id=over-{id}", IngestClient.Body(Table(contentType, MaxColumns + 1), contentType));
        var problem = await over.AssertProblemAsync(HttpStatusCode.BadRequest, "line 1", $"at most {MaxColumns} columns");
        Assert.Contains(where, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("application/json", "[{\"a\":1,\"b\":\"x\"},\n{\"a\":2,\"b\":\"{0}\"}]")]
    [InlineData("application/x-ndjson", "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"{0}\"}\n")]
    public async Task A_json_object_longer_than_the_record_cap_is_a_400_naming_its_line(string contentType, string template)
    {
        var body = template.Replace("{0}", new string('x', (1 << 20) + 1));
        using var response = await _client.PostAsync($"/api/datasets?id=long-object-{Format(contentType)}", IngestClient.Body(body, contentType));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "line 2", "longer than 1048576 characters");
    }

    [Fact]
    public async Task A_json_value_within_the_record_cap_reads_back_whole_though_its_stored_form_is_twice_as_long()
    {
        // 600,000 quotes: within the cap as JSON, 1.2 million characters once CSV doubles each quote.
        var quotes = new string('"', 600_000);
        var body = $"[{{\"a\":\"{quotes.Replace("\"", "\\\"")}\"}}]";
        using (var created = await _client.PostAsync("/api/datasets?id=quotes", IngestClient.Body(body, "application/json")))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var rows = await _client.GetAsync("/api/datasets/quotes/rows");
        Assert.Equal(HttpStatusCode.OK, rows.StatusCode);
        Assert.Equal(quotes, (await rows.JsonAsync()).GetProperty("rows")[0][0].GetString());
    }

    private static string Format(string contentType) => contentType switch
    {
        "text/csv" => "csv",
        "application/json" => "json",
        _ => "ndjson",
    };

    /// <summary>One row of <paramref name="columns"/> columns named c0, c1, …, each holding 1.</summary>
    private static byte[] Table(string contentType, int columns)
    {
        var text = new StringBuilder();
        if (contentType == "text/csv")
        {
            text.AppendJoin(',', Enumerable.Range(0, columns).Select(i => $"c{i}")).Append('\n');
            text.AppendJoin(',', Enumerable.Repeat("1", columns)).Append('\n');
        }
        else
        {
            var row = "{" + string.Join(',', Enumerable.Range(0, columns).Select(i => $"\"c{i}\":1")) + "}";
            text.Append(contentType == "application/json" ? $"[{row}]" : row + "\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
