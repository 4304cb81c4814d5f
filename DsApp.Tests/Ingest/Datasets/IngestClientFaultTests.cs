using System.Net.Http.Headers;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>
/// The ingest service's answers to requests it cannot act on name what to change: the query value that does not parse,
/// the media type sent and the ones taken, the limit a request line or header section passed.
/// </summary>
[Collection(IngestAppCollection.Name)]
public sealed class IngestClientFaultTests(IngestAppFixture app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/api/datasets?limit=all", "limit", "'all' is not a whole number")]
    [InlineData("/api/datasets/faults/rows?offset=abc", "offset", "'abc' is not a whole number")]
    [InlineData("/api/datasets/faults/rows?version=1.5", "version", "'1.5' is not a whole number")]
    [InlineData("/api/datasets/faults/content?version=latest", "version", "'latest' is not a whole number")]
    [InlineData("/api/datasets/faults/versions?limit=-", "limit", "'-' is not a whole number")]
    public async Task A_query_value_that_does_not_parse_is_a_400_naming_the_parameter(string path, string parameter, string says)
    {
        using var response = await _client.GetAsync(path);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter, says);
    }

    [Fact]
    public async Task An_upload_without_a_content_type_is_a_415_saying_so_and_naming_the_types_taken()
    {
        using var response = await _client.PostAsync("/api/datasets?id=untyped", new ByteArrayContent("a\n1\n"u8.ToArray()));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, says: "no Content-Type");
        Assert.Contains("text/csv", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_patch_takes_application_json_as_a_merge_patch_too()
    {
        using (var created = await _client.PostCsvAsync("patch-as-json", "x,y\n1,2\n")) Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = new StringContent("""{"name":"Renamed"}""", new MediaTypeHeaderValue("application/json"));
        using var patched = await _client.PatchAsync("/api/datasets/patch-as-json", json);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("Renamed", (await patched.JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_request_line_past_the_limit_is_a_414_problem_naming_it()
    {
        using var response = await _client.GetAsync($"/api/datasets?cursor={new string('c', 9_000)}");
        await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong, says: "at most 8192");
    }

    [Fact]
    public async Task Headers_past_the_limits_are_a_431_problem_naming_the_limit()
    {
        using (var large = new HttpRequestMessage(HttpMethod.Get, "/api/datasets"))
        {
            large.Headers.Add("X-Large", new string('h', 40_000));
            await (await _client.SendAsync(large)).AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, says: "at most 32768");
        }
        using var many = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
        for (var i = 0; i < 150; i++) many.Headers.Add($"X-Many-{i}", "1");
        await (await _client.SendAsync(many)).AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, says: "at most 100");
    }
}
