using System.Text;

namespace DsApp.Tests.Ingest.Parsing;

/// <summary>Every kind of bad input gets a 4xx problem naming where it is, and leaves no trace in the store.</summary>
[Collection(IngestAppCollection.Name)]
public sealed class UploadErrorTests(IngestAppFixture app)
{
    private readonly HttpClient _client = app.CreateClient();

    public static TheoryData<string, string, byte[], string, string> BadBodies => new()
    {
        { "ragged", "text/csv", Utf8("a,b,c\n1,2,3\n4,5\n"), "line 3", "expected 3 fields, found 2" },
        { "long-row", "text/csv", Utf8("a,b\n1,2\n3,4\n5,6,7\n"), "line 4", "expected 2 fields, found 3" },
        { "unclosed", "text/csv", Utf8("a,b\n1,2\n3,\"never closed\n4,5\n"), "line 3", "quote" },
        { "bad-utf8", "text/csv", [.. Utf8("a,b\n1,2\n3,"), 0xC3, 0x28, .. Utf8("\n")], "line 3", "UTF-8" },
        { "empty-csv", "text/csv", [], "body", "empty" },
        { "header-only", "text/csv", Utf8("a,b\n"), "body", "no records" },
        { "duplicate-names", "text/csv", Utf8("a,b,a\n1,2,3\n"), "columns", "repeats the name 'a'" },
        { "empty-name", "text/csv", Utf8("a,,c\n1,2,3\n"), "columns", "column 2 has no name" },
        { "bare-quote", "text/csv", Utf8("a,b\n1,2\n3,\"q\"\n1\"x,2\n"), "line 4", "column 1 ('a') has a quote inside an unquoted field" },
        { "bare-quote-late", "text/csv", Utf8("a,b,c\n1,\"two\nlines\",x\"y\n"), "line 2", "column 3 ('c') has a quote" },
        { "bare-quote-header", "text/csv", Utf8("a,b\"c\n1,2\n"), "line 1", "column 2 has a quote inside an unquoted field" },
        { "nul-in-header", "text/csv", Utf8("a,b\0c\n1,2\n"), "columns", "column 2 ('b\\u0000c') holds the control character U+0000" },
        { "newline-in-header", "text/csv", Utf8("a,\"b\nc\"\n1,2\n"), "columns", "U+000A" },
        { "json-control-name", "application/json", Utf8("[{\"a\\u0001\": 1}]"), "columns", "U+0001" },
        { "json-object", "application/json", Utf8("{\"a\": 1}"), "line 1", "expected an array of objects" },
        { "json-numbers", "application/json", Utf8("[\n1,\n2]"), "line 2", "expected an object, found a number" },
        { "json-nested", "application/json", Utf8("[{\"a\": 1},\n{\"a\": {\"b\": 2}}]"), "line 2", "field 'a' holds a nested object" },
        { "json-array-value", "application/json", Utf8("[{\"a\": [1, 2]}]"), "line 1", "nested array" },
        { "json-new-field", "application/json", Utf8("[{\"a\": 1},\n{\"a\": 2, \"b\": 3}]"), "line 2", "field 'b' is not a column" },
        { "json-broken", "application/json", Utf8("[{\"a\": 1},\n{\"a\": ]"), "line 2", "not valid JSON" },
        { "json-empty-array", "application/json", Utf8("[]"), "body", "empty" },
        { "ndjson-bad-line", "application/x-ndjson", Utf8("{\"a\": 1}\n{\"a\": 2}\nnot json\n"), "line 3", "not valid JSON" },
        { "ndjson-array-line", "application/x-ndjson", Utf8("{\"a\": 1}\n[1, 2]\n"), "line 2", "expected an object" },
        { "ndjson-empty", "application/x-ndjson", Utf8("\n\n"), "body", "empty" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_a_400_naming_the_line_or_field_and_leaves_no_trace(string id, string contentType, byte[] body, string where, string says)
    {
        using var response = await _client.PostAsync($"/api/datasets?id={id}", IngestClient.Body(body, contentType));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, where, says);
        Assert.Empty(app.StoredKeys($"datasets/{id}/"));
        Assert.Empty(app.StoredKeys(".tmp/"));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_failed_new_version_leaves_the_previous_version_answering_and_the_store_as_it_was()
    {
        using (var created = await _client.PostCsvAsync("keeps-v1", "a,b\n1,2\n"))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = app.StoredKeys("datasets/keeps-v1/");

        using var failed = await _client.PutCsvAsync("keeps-v1", "a,b\n1,2\n3\n");
        await failed.AssertProblemAsync(HttpStatusCode.BadRequest, "line 3", "expected 2 fields, found 1");

        Assert.Equal(before, app.StoredKeys("datasets/keeps-v1/"));
        Assert.Equal(1, (await (await _client.GetAsync("/api/datasets/keeps-v1")).JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal("a,b\n1,2\n", await _client.GetStringAsync("/api/datasets/keeps-v1/content"));
    }

    [Fact]
    public async Task A_csv_record_longer_than_the_record_cap_is_a_400_naming_its_line_and_the_cap()
    {
        var body = $"a,b\n1,x\n2,{new string('x', (1 << 20) + 1)}\n";
        using var response = await _client.PostAsync("/api/datasets?id=long-record", IngestClient.Body(body, "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "line 3", "longer than 1048576 characters (Ingest:MaxRecordChars)");
    }

    [Fact]
    public async Task An_unknown_content_type_is_a_415_naming_the_types_taken()
    {
        using var response = await _client.PostAsync("/api/datasets?id=plain", IngestClient.Body("a,b\n1,2\n", "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, says: "text/csv");
        Assert.Empty(app.StoredKeys("datasets/plain/"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_whether_its_length_is_declared_or_not()
    {
        var big = BigCsv(IngestAppFixture.UploadLimit + 1024);
        using (var declared = await _client.PostAsync("/api/datasets?id=too-big", IngestClient.Body(big, "text/csv")))
            await declared.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // Streamed without a Content-Length: the limit is counted as the body is read.
        var streamed = new StreamContent(new MemoryStream(big));
        streamed.Headers.ContentType = new("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets?id=too-big") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        using (var chunked = await _client.SendAsync(request))
            await chunked.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(app.StoredKeys("datasets/too-big/"));
        Assert.Empty(app.StoredKeys(".tmp/"));
    }

    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("A")]
    [InlineData("-starts-with-a-dash")]
    [InlineData("a-name-of-sixty-four-characters-is-one-character-too-long-for-it")]
    public async Task An_id_that_breaks_the_naming_rule_is_a_400_naming_the_id(string id)
    {
        using var response = await _client.PostAsync($"/api/datasets?id={id}", IngestClient.Body("a\n1\n", "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "id", "not a valid name");
        using var put = await _client.PutAsync($"/api/datasets/{id}", IngestClient.Body("a\n1\n", "text/csv"));
        Assert.True(put.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"PUT answered {(int)put.StatusCode}");
        // Nothing stored under the name, at any depth; a substring would match other tests' datasets in the shared store.
        var name = Uri.UnescapeDataString(id).Replace("../", "");
        Assert.DoesNotContain(app.StoredKeys(), key => key.Split('/').Contains(name));
    }

    [Fact]
    public async Task An_id_ending_in_a_newline_is_a_400_naming_the_id_on_post_and_get()
    {
        using var post = await _client.PostAsync("/api/datasets?id=abc%0A", IngestClient.Body("a\n1\n", "text/csv"));
        await post.AssertProblemAsync(HttpStatusCode.BadRequest, "id", "not a valid name");
        using var get = await _client.GetAsync("/api/datasets/abc%0A");
        await get.AssertProblemAsync(HttpStatusCode.BadRequest, "id", "not a valid name");
        Assert.Empty(app.StoredKeys("datasets/abc"));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] BigCsv(long atLeast)
    {
        var csv = new StringBuilder("a,b\n");
        while (csv.Length < atLeast) csv.Append("12345,abcdefghij\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
