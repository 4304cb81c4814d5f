using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Api.Hosting;

/// <summary>
/// What the gateway answers, on a real Kestrel port, to requests it cannot pass on: a request line or header section
/// past the limits is a 414 or 431 problem (Kestrel's empty answer only past twice them), a body with broken framing a
/// 400 problem, and on /v2 every refusal carries the Open Inference Protocol's <c>error</c>. A Content-Encoding goes
/// through to the service untouched.
/// </summary>
public sealed class GatewayClientFaultTests
{
    [Fact]
    public async Task A_request_line_past_the_limit_is_a_414_problem_and_past_twice_it_kestrels_empty_414()
    {
        using var gateway = new GatewayHost();
        var problem = await RawHttp.SendAsync(gateway.BaseAddress, Get($"/info?q={new string('q', 9_000)}"));
        AssertProblem(problem, 414, "at most 8192");

        var beyond = await RawHttp.SendAsync(gateway.BaseAddress, Get($"/info?q={new string('q', 17_000)}"));
        Assert.Equal(414, beyond.Status);
        Assert.Equal("", beyond.Body);
    }

    [Fact]
    public async Task Headers_past_the_limit_are_a_431_problem_and_past_twice_it_kestrels_empty_431()
    {
        using var gateway = new GatewayHost();
        var problem = await RawHttp.SendAsync(gateway.BaseAddress, Get("/info", $"X-Large: {new string('h', 40_000)}\r\n"));
        AssertProblem(problem, 431, "at most 32768");

        var beyond = await RawHttp.SendAsync(gateway.BaseAddress, Get("/info", $"X-Large: {new string('h', 70_000)}\r\n"));
        Assert.Equal(431, beyond.Status);
        Assert.Equal("", beyond.Body);
    }

    [Fact]
    public async Task A_body_with_broken_chunk_framing_is_a_400_problem()
    {
        await using var backend = await WireBackendAsync();
        using var gateway = GatewayHost.With(("services:ingest:http:0", backend.Address));
        var answer = await RawHttp.SendAsync(gateway.BaseAddress,
            "POST /api/datasets?id=framed HTTP/1.1\r\nHost: localhost\r\n" + $"X-Api-Key: {GatewayHost.AdminKey}\r\n"
            + "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n4\r\na,b\n\r\nzz\r\n1,2\n\r\n0\r\n\r\n");
        AssertProblem(answer, 400, null);
    }

    [Fact]
    public async Task A_v2_request_to_a_service_that_is_down_is_a_503_carrying_error()
    {
        using var gateway = new GatewayHost();
        using var client = gateway.Client(GatewayHost.PredictorKey);
        using var response = await client.PostAsync("/v2/models/iris/infer", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("cannot be reached", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_content_encoding_and_its_bytes_reach_the_service_untouched()
    {
        await using var backend = await WireBackendAsync();
        using var gateway = GatewayHost.With(("services:ingest:http:0", backend.Address));
        using var client = gateway.Client(GatewayHost.AdminKey);
        var gzip = ContentCodings.Compress("a,b\n1,2\n"u8.ToArray(), "gzip");
        var content = IngestClient.Body(gzip, "text/csv");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await client.PostAsync("/api/datasets?id=zipped", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("gzip", seen.RootElement.GetProperty("contentEncoding").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(gzip)), seen.RootElement.GetProperty("sha256").GetString());
    }

    private static string Get(string target, string headers = "") =>
        $"GET {target} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n";

    private static void AssertProblem(RawHttp.Answer answer, int status, string? says)
    {
        Assert.True(status == answer.Status, $"expected {status}, got {answer.Status}: {answer.Body}");
        Assert.StartsWith("application/problem+json", answer.Headers["Content-Type"]);
        using var problem = JsonDocument.Parse(answer.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        if (says is not null) Assert.Contains(says, problem.RootElement.GetProperty("detail").GetString());
    }

    /// <summary>Stands in for the ingest service: answers the Content-Encoding and the SHA-256 of the bytes it got.</summary>
    private static Task<StandInService> WireBackendAsync() => StandInService.StartAsync(app =>
        app.MapPost("/api/datasets", async (HttpRequest request) =>
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return Results.Ok(new { contentEncoding = request.Headers.ContentEncoding.ToString(), sha256 = Convert.ToHexStringLower(SHA256.HashData(body.ToArray())) });
        }));
}
