using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Ingest.Parsing;

[Collection(IngestAppCollection.Name)]
public sealed class UploadParsingTests(IngestAppFixture app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Csv_with_quotes_embedded_newlines_commas_a_bom_and_crlf_is_read_as_rfc_4180_says()
    {
        var csv = "\uFEFFid,comment,score\r\n1,\"hello, world\",1.5\r\n2,\"two\r\nlines\",2\r\n3,\"say \"\"hi\"\"\",\r\n";
        using var created = await _client.PostCsvAsync("rfc-4180", csv);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dataset = await created.JsonAsync();
        Assert.Equal(3, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(["id", "comment", "score"], dataset.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

        var window = await (await _client.GetAsync("/api/datasets/rfc-4180/rows")).JsonAsync();
        var values = window.GetProperty("rows").EnumerateArray().Select(r => r[1].GetString()!).ToArray();
        Assert.Equal(["hello, world", "two\r\nlines", "say \"hi\""], values);
        Assert.Equal(JsonValueKind.Null, window.GetProperty("rows")[2][2].ValueKind);
    }

    [Theory]
    [InlineData("text/csv", "tag,n\n#first,1\n2nd,2\n#third,3\n")]
    [InlineData("application/json", "[{\"tag\":\"#first\",\"n\":1},{\"tag\":\"2nd\",\"n\":2},{\"tag\":\"#third\",\"n\":3}]")]
    public async Task A_row_starting_with_a_hash_is_a_record_not_a_comment_when_taken_in_and_read_back(string contentType, string body)
    {
        var id = contentType == "text/csv" ? "hash-rows-csv" : "hash-rows-json";
        using var created = await _client.PostAsync($"/api/datasets?id={id}", IngestClient.Body(body, contentType));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(3, (await created.JsonAsync()).GetProperty("rowCount").GetInt64());
        var rows = (await (await _client.GetAsync($"/api/datasets/{id}/rows")).JsonAsync()).GetProperty("rows");
        Assert.Equal(["#first", "2nd", "#third"], rows.EnumerateArray().Select(r => r[0].GetString()!));
    }

    [Fact]
    public async Task Types_are_inferred_as_the_narrowest_that_fits_every_value_with_statistics()
    {
        var csv = "count,price,flag,when,name,empty\n" +
                  "1,2.5,true,2024-01-02,ann,\n" +
                  "2,3,false,2024-01-03T10:00:00Z,bob,\n" +
                  "3,,TRUE,2024-02-01 08:30:00,ann,\n" +
                  "-4,1e2,false,2024-03-04,cy,\n";
        using var created = await _client.PostCsvAsync("inference", csv);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var columns = (await created.JsonAsync()).ColumnsByName();

        Assert.Equal("integer", columns["count"].GetProperty("type").GetString());
        Assert.Equal(-4, columns["count"].GetProperty("min").GetDouble());
        Assert.Equal(3, columns["count"].GetProperty("max").GetDouble());
        Assert.Equal(0.5, columns["count"].GetProperty("mean").GetDouble());
        Assert.False(columns["count"].GetProperty("nullable").GetBoolean());
        Assert.Equal(4, columns["count"].GetProperty("distinct").GetInt64());

        Assert.Equal("number", columns["price"].GetProperty("type").GetString());
        Assert.True(columns["price"].GetProperty("nullable").GetBoolean());
        Assert.Equal(1, columns["price"].GetProperty("missing").GetInt64());
        Assert.Equal(100, columns["price"].GetProperty("max").GetDouble());
        Assert.Equal(105.5 / 3, columns["price"].GetProperty("mean").GetDouble(), 9);

        Assert.Equal("boolean", columns["flag"].GetProperty("type").GetString());
        Assert.Equal("datetime", columns["when"].GetProperty("type").GetString());
        Assert.Equal("string", columns["name"].GetProperty("type").GetString());
        Assert.Equal(3, columns["name"].GetProperty("distinct").GetInt64());
        Assert.Equal(JsonValueKind.Null, columns["name"].GetProperty("mean").ValueKind);
        Assert.Equal(4, columns["empty"].GetProperty("missing").GetInt64());
        Assert.True(columns["empty"].GetProperty("nullable").GetBoolean());
    }

    [Fact]
    public async Task A_json_array_of_flat_objects_becomes_a_table_whose_first_object_names_the_columns()
    {
        var json = """[{"x": 1, "y": "a", "z": true}, {"y": "b", "x": 2.5, "z": null}, {"x": 3}]""";
        using var created = await _client.PostAsync("/api/datasets?id=json-array", IngestClient.Body(json, "application/json; charset=utf-8"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dataset = await created.JsonAsync();
        Assert.Equal("json", dataset.GetProperty("format").GetString());
        var columns = dataset.ColumnsByName();
        Assert.Equal("number", columns["x"].GetProperty("type").GetString());
        Assert.Equal(2, columns["z"].GetProperty("missing").GetInt64());
        Assert.Equal("x,y,z\n1,a,true\n2.5,b,\n3,,\n", await _client.GetStringAsync("/api/datasets/json-array/content"));
    }

    [Fact]
    public async Task Ndjson_is_read_one_object_a_line_and_can_be_read_back_as_ndjson()
    {
        var ndjson = "{\"a\":1,\"b\":\"x\"}\n\n{\"a\":2,\"b\":\"y\\nz\"}\n";
        using var created = await _client.PostAsync("/api/datasets?id=ndjson", IngestClient.Body(ndjson, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(2, (await created.JsonAsync()).GetProperty("rowCount").GetInt64());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets/ndjson/content");
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        using var content = await _client.SendAsync(request);
        Assert.Equal("application/x-ndjson", content.Content.Headers.ContentType?.MediaType);
        var lines = (await content.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["""{"a":1,"b":"x"}""", """{"a":2,"b":"y\nz"}"""], lines);
    }

    [Fact]
    public async Task Content_streams_back_the_stored_csv_with_a_header_row()
    {
        using var created = await _client.PostCsvAsync("content-back", "a,b\n1,x\n2,\"y,z\"\n");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var content = await _client.GetAsync("/api/datasets/content-back/content");
        Assert.Equal("text/csv", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal("a,b\n1,x\n2,\"y,z\"\n", await content.Content.ReadAsStringAsync());
        Assert.Equal("1", content.Headers.GetValues("X-Dataset-Version").Single());
    }

    [Fact]
    public async Task Rows_preview_pages_with_offset_and_limit_and_refuses_a_limit_over_1000()
    {
        var csv = new StringBuilder("n,sq\n");
        for (var i = 0; i < 50; i++) csv.Append(i).Append(',').Append(i * i).Append('\n');
        using var created = await _client.PostCsvAsync("rows-window", csv.ToString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await (await _client.GetAsync("/api/datasets/rows-window/rows?offset=10&limit=5")).JsonAsync();
        Assert.Equal(10, page.GetProperty("offset").GetInt64());
        Assert.Equal(50, page.GetProperty("total").GetInt64());
        Assert.Equal([10L, 11, 12, 13, 14], page.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()));
        Assert.Equal(144, page.GetProperty("rows")[2][1].GetInt64());

        using var tooMany = await _client.GetAsync("/api/datasets/rows-window/rows?limit=1001");
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
    }
}
