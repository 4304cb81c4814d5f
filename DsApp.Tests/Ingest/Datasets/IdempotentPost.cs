namespace DsApp.Tests.Ingest.Datasets;

/// <summary><c>POST /api/datasets</c> with an <c>Idempotency-Key</c>, as a client retrying it sends it.</summary>
public static class IdempotentPost
{
    /// <summary>The header the gateway names the caller in (the key's name); believed only on calls that carry the internal secret.</summary>
    public const string CallerHeader = "X-DsApp-Caller";

    public static Task<HttpResponseMessage> PostCsvWithKeyAsync(this HttpClient client, string key, string csv, string? id = null, string? name = null, string? caller = null) =>
        client.PostWithKeyAsync(key, IngestClient.Body(csv, "text/csv"), id, name, caller);

    public static Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string key, HttpContent body, string? id = null, string? name = null, string? caller = null)
    {
        var query = string.Join('&', new[] { id is null ? null : $"id={id}", name is null ? null : $"name={Uri.EscapeDataString(name)}" }.OfType<string>());
        var request = new HttpRequestMessage(HttpMethod.Post, query.Length == 0 ? "/api/datasets" : $"/api/datasets?{query}") { Content = body };
        request.Headers.Add("Idempotency-Key", key);
        if (caller is not null) request.Headers.Add(CallerHeader, caller);
        return client.SendAsync(request);
    }

    public static bool IsReplay(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    /// <summary>The ids of every dataset the store holds a manifest of.</summary>
    public static IReadOnlyList<string> DatasetIds(this IngestAppFixture app) =>
        app.StoredKeys("datasets/").Where(key => key.EndsWith("/dataset.json", StringComparison.Ordinal)).Select(key => key.Split('/')[1]).ToList();
}
