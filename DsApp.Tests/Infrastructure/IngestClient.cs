using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Infrastructure;

/// <summary>What the ingest tests send and check, over any HttpClient (in process or through the gateway).</summary>
public static class IngestClient
{
    public static HttpContent Body(string text, string contentType) => Body(Encoding.UTF8.GetBytes(text), contentType);

    public static HttpContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static Task<HttpResponseMessage> PostCsvAsync(this HttpClient client, string id, string csv) =>
        client.PostAsync($"/api/datasets?id={id}", Body(csv, "text/csv"));

    public static Task<HttpResponseMessage> PutCsvAsync(this HttpClient client, string id, string csv) =>
        client.PutAsync($"/api/datasets/{id}", Body(csv, "text/csv"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with this status whose <c>errors</c> (or detail) names <paramref name="where"/> with a message containing <paramref name="says"/>.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? where = null, string? says = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()!));
        if (where is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), text);
            Assert.True(errors.TryGetProperty(where, out var messages), $"no error for '{where}' in {text}");
            if (says is not null)
                Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(says, StringComparison.OrdinalIgnoreCase));
        }
        else if (says is not null)
        {
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        return problem;
    }

    public static Dictionary<string, JsonElement> ColumnsByName(this JsonElement dataset) =>
        dataset.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
}
