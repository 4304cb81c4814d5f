using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Infrastructure;

/// <summary>Steps the model tests repeat, through the HTTP API only (in process or through the gateway).</summary>
public static class ModelApiClient
{
    public static async Task<HttpResponseMessage> CreateModelAsync(this HttpClient http, string name, string task = "multiclass-classification", string label = "species") =>
        await http.PostAsJsonAsync("/api/models", new { name, task, label });

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Starts a training and waits for its job to end; returns the job.</summary>
    public static async Task<JsonElement> TrainAsync(this HttpClient http, string model, object request, TimeSpan? timeout = null)
    {
        using var response = await http.PostAsJsonAsync($"/api/models/{model}/versions", request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await http.WaitForJobAsync(response.Headers.Location!.ToString(), timeout);
    }

    public static async Task<JsonElement> WaitForJobAsync(this HttpClient http, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var job = await (await http.GetAsync(location)).ReadJsonAsync();
            var status = job.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {location} still {status}: {job}");
            await Task.Delay(100);
        }
    }

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient http, string model, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/models/{model}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return http.SendAsync(request);
    }

    /// <summary>A model file as an import sends it (application/zip).</summary>
    public static ByteArrayContent ZipContent(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    public static Task<HttpResponseMessage> PredictAsync(this HttpClient http, string model, string json, int? version = null) =>
        http.PostAsync($"/api/models/{model}/predict{(version is null ? "" : $"?version={version}")}", new StringContent(json, Encoding.UTF8, "application/json"));

    public const string IrisRow = """{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}""";
    public const string SetosaRow = """{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}""";
}
