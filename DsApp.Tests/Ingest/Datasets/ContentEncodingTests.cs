using System.Text;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>
/// An upload sent with a Content-Encoding is taken in as the table it encodes (gzip, deflate, br), any other coding is a
/// 415 naming it, and the limits hold for what the body decodes to, not what it weighs on the wire.
/// </summary>
[Collection(IngestAppCollection.Name)]
public sealed class ContentEncodingTests(IngestAppFixture app)
{
    private const string Csv = "sepal,species\n5.1,setosa\n7.0,versicolor\n6.3,virginica\n";
    private readonly HttpClient _client = app.CreateClient();

    public static TheoryData<string> Codings => ["gzip", "deflate", "br", "x-gzip", "GZip"];

    [Theory]
    [MemberData(nameof(Codings))]
    public async Task A_csv_sent_encoded_is_stored_as_the_table_it_encodes(string coding)
    {
        var id = $"encoded-{coding.ToLowerInvariant()}{(coding.Any(char.IsUpper) ? "-upper" : "")}";
        using var created = await _client.PostAsync($"/api/datasets?id={id}", ContentCodings.Encoded(Encoding.UTF8.GetBytes(Csv), coding, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(3, (await created.JsonAsync()).GetProperty("rowCount").GetInt64());
        Assert.Equal(Csv, await _client.GetStringAsync($"/api/datasets/{id}/content"));
    }

    [Fact]
    public async Task A_new_version_of_ndjson_sent_as_gzip_is_taken_in_too()
    {
        using (var first = await _client.PutAsync("/api/datasets/encoded-put", IngestClient.Body("{\"a\":1}\n", "application/x-ndjson")))
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await _client.PutAsync("/api/datasets/encoded-put", ContentCodings.Encoded(Encoding.UTF8.GetBytes("{\"a\":2}\n{\"a\":3}\n"), "gzip", "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("a\n2\n3\n", await _client.GetStringAsync("/api/datasets/encoded-put/content"));
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("zstd")]
    [InlineData("gzip, br")]
    public async Task A_coding_this_api_does_not_decode_is_a_415_naming_it_and_stores_nothing(string coding)
    {
        var content = IngestClient.Body(Csv, "text/csv");
        content.Headers.TryAddWithoutValidation("Content-Encoding", coding);
        using var response = await _client.PostAsync("/api/datasets?id=encoded-unknown", content);
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, says: coding.Split(',')[0]);
        Assert.Empty(app.StoredKeys("datasets/encoded-unknown/"));
    }

    [Fact]
    public async Task Plain_text_labelled_gzip_is_a_400_saying_it_is_not_gzip()
    {
        var content = IngestClient.Body(Csv, "text/csv");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await _client.PostAsync("/api/datasets?id=encoded-lie", content);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, says: "not valid gzip");
        Assert.Empty(app.StoredKeys("datasets/encoded-lie/"));
        Assert.Empty(app.StoredKeys(".tmp/"));
    }

    [Fact]
    public async Task The_column_cap_holds_for_the_decoded_header()
    {
        var header = string.Join(",", Enumerable.Range(0, 2_001).Select(i => $"c{i}"));
        var body = Encoding.UTF8.GetBytes(header + "\n" + string.Join(",", Enumerable.Repeat("1", 2_001)) + "\n");
        using var response = await _client.PostAsync("/api/datasets?id=encoded-wide", ContentCodings.Encoded(body, "gzip", "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "line 1", "at most 2000 columns");
    }
}
