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

    public static Dictionary<string, JsonElement> ColumnsByName(this JsonElement dataset) =>
        dataset.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
}
