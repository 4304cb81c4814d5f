using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Ids and names that break the naming rule, sent as written in the path (or query, or body) of every endpoint that takes
/// one: traversal with an encoded slash, capitals, control characters, unicode, 64 characters and more. Each is a 400
/// naming the rule; nothing reaches the object store.
/// </summary>
public static class NameCases
{
    /// <summary>What every endpoint is tried with: a traversal that keeps its slashes encoded, a capital, a newline, one character too many.</summary>
    private static readonly (string Label, string Raw)[] Core =
    [
        ("encoded-traversal", "..%2F..%2Fetc%2Fpasswd"),
        ("capitals", "Iris"),
        ("newline", "iris%0A"),
        ("64-characters", new string('a', 64)),
    ];

    /// <summary>What the first endpoints of each service are tried with besides.</summary>
    private static readonly (string Label, string Raw)[] More =
    [
        ("encoded-slash", "a%2Fb"),
        ("encoded-backslash", "..%5C..%5Cetc"),
        ("leading-dash", "-iris"),
        ("underscore", "iris_1"),
        ("dot-inside", "iris.csv"),
        ("space", "ir%20is"),
        ("tab", "ir%09is"),
        ("carriage-return-line-feed", "iris%0D%0AX-Injected:%201"),
        ("percent", "100%25"),
        ("unicode-letter", "caf%C3%A9"),
        ("right-to-left-override", "iris%E2%80%AEvnc"),
        ("fullwidth-letters", "%EF%BD%89ris"),
        ("5000-characters", new string('a', 5000)),
    ];

    private const string Csv = "text/csv";
    private const string Json = "application/json";

    /// <summary>Every endpoint that takes a name: the door, method, target with <c>{x}</c> for the name, body, and where the answer names it.</summary>
    private static readonly (string Label, Door Door, string Method, string Target, string? ContentType, string? Body, string Field)[] Endpoints =
    [
        ("get-dataset", Door.Ingest, "GET", "/api/datasets/{x}", null, null, "id"),
        ("put-dataset", Door.Ingest, "PUT", "/api/datasets/{x}", Csv, "a\n1\n", "id"),
        ("post-dataset-id", Door.Ingest, "POST", "/api/datasets?id={x}", Csv, "a\n1\n", "id"),
        ("patch-dataset", Door.Ingest, "PATCH", "/api/datasets/{x}", "application/merge-patch+json", "{\"description\":\"d\"}", "id"),
        ("delete-dataset", Door.Ingest, "DELETE", "/api/datasets/{x}", null, null, "id"),
        ("dataset-rows", Door.Ingest, "GET", "/api/datasets/{x}/rows", null, null, "id"),
        ("dataset-content", Door.Ingest, "GET", "/api/datasets/{x}/content", null, null, "id"),
        ("dataset-versions", Door.Ingest, "GET", "/api/datasets/{x}/versions", null, null, "id"),
        ("sample-id", Door.Ingest, "POST", "/api/samples/iris?id={x}", null, "", "id"),
        ("get-model", Door.Worker, "GET", "/api/models/{x}", null, null, "name"),
        ("create-model", Door.Worker, "POST", "/api/models", Json, "{\"name\":\"{x}\",\"task\":\"regression\",\"label\":\"y\"}", "name"),
        ("patch-model", Door.Worker, "PATCH", "/api/models/{x}", "application/merge-patch+json", "{\"description\":\"d\"}", "name"),
        ("delete-model", Door.Worker, "DELETE", "/api/models/{x}", null, null, "name"),
        ("model-versions", Door.Worker, "GET", "/api/models/{x}/versions", null, null, "name"),
        ("model-version", Door.Worker, "GET", "/api/models/{x}/versions/1", null, null, "name"),
        ("import-version", Door.Worker, "PUT", "/api/models/{x}/versions/5", "application/zip", "PK", "name"),
        ("delete-version", Door.Worker, "DELETE", "/api/models/{x}/versions/1", null, null, "name"),
        ("train", Door.Worker, "POST", "/api/models/{x}/versions", Json, "{\"datasetId\":\"iris\"}", "name"),
        ("train-dataset", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", Json, "{\"datasetId\":\"{x}\"}", "datasetId"),
        ("export-onnx", Door.Worker, "GET", "/api/models/{x}/versions/1/onnx", null, null, "name"),
        ("predict", Door.Worker, "POST", "/api/models/{x}/predict", Json, "{}", "name"),
        ("batch-predictions", Door.Worker, "POST", "/api/models/{x}/batch-predictions", Json, "{\"datasetId\":\"iris\"}", "name"),
        ("flush-cache", Door.Worker, "DELETE", "/api/models/{x}/cache", null, null, "name"),
        ("drift", Door.Worker, "GET", "/api/models/{x}/drift", null, null, "name"),
        ("v2-metadata", Door.Worker, "GET", "/v2/models/{x}", null, null, "not a valid name"),
        ("v2-version-metadata", Door.Worker, "GET", "/v2/models/{x}/versions/1", null, null, "not a valid name"),
        ("v2-ready", Door.Worker, "GET", "/v2/models/{x}/ready", null, null, "not a valid name"),
        ("v2-config", Door.Worker, "GET", "/v2/models/{x}/config", null, null, "not a valid name"),
        ("v2-stats", Door.Worker, "GET", "/v2/models/{x}/stats", null, null, "not a valid name"),
        ("v2-infer", Door.Worker, "POST", "/v2/models/{x}/infer", Json, "{\"inputs\":[]}", "not a valid name"),
        ("v2-version-infer", Door.Worker, "POST", "/v2/models/{x}/versions/1/infer", Json, "{\"inputs\":[]}", "not a valid name"),
        ("v2-load", Door.Worker, "POST", "/v2/repository/models/{x}/load", null, "", "not a valid name"),
        ("v2-unload", Door.Worker, "POST", "/v2/repository/models/{x}/unload", null, "", "not a valid name"),
        ("gateway-get-dataset", Door.Gateway, "GET", "/api/datasets/{x}", null, null, "id"),
        ("gateway-predict", Door.Gateway, "POST", "/api/models/{x}/predict", Json, "{}", "name"),
        ("gateway-v2-ready", Door.Gateway, "GET", "/v2/models/{x}/ready", null, null, "not a valid name"),
    ];

    /// <summary>The endpoints tried with <see cref="More"/> too: one read of each service, and each door's first write.</summary>
    private static readonly string[] Thorough = ["get-dataset", "put-dataset", "get-model", "create-model", "predict", "v2-ready", "gateway-get-dataset"];

    public static IEnumerable<HostileCase> All()
    {
        foreach (var endpoint in Endpoints)
        {
            var values = Thorough.Contains(endpoint.Label) ? [.. Core, .. More] : Core;
            foreach (var (label, raw) in values)
            {
                // In a JSON body the name is the decoded text, escaped as JSON; in a path or query it goes as written.
                var decoded = Uri.UnescapeDataString(raw);
                var inBody = endpoint.Body?.Contains("{x}") == true;
                yield return new HostileCase($"names/{endpoint.Label}/{label}", endpoint.Door, endpoint.Method,
                    inBody ? endpoint.Target : endpoint.Target.Replace("{x}", raw), 400, endpoint.Field)
                {
                    ContentType = endpoint.ContentType,
                    Body = endpoint.Body is null ? null : Utf8(inBody ? endpoint.Body.Replace("{x}", JsonText(decoded)) : endpoint.Body),
                };
            }
        }

        // Dot segments: the server removes them before routing, so what is asked is another path, which no endpoint answers.
        yield return new HostileCase("names/dot-dot-segment", Door.Ingest, "GET", "/api/datasets/../../etc/passwd", 404, "No endpoint answers");
        yield return new HostileCase("names/encoded-dot-dot-segment", Door.Ingest, "GET", "/api/datasets/%2E%2E/%2E%2E/etc/passwd", 404, "No endpoint answers");
        yield return new HostileCase("names/dot-dot-segment-through-the-gateway", Door.Gateway, "DELETE", "/api/models/../../datasets/iris", 404, "No endpoint answers");
        // A job id is the service's own: 22 hex digits.
        foreach (var (label, raw) in new[] { ("capitals", "0193ABCDEF0123456789AB"), ("traversal", "..%2F..%2Fx"), ("newline", "0193abcdef%0A"), ("5000-characters", new string('a', 5000)) })
        {
            yield return new HostileCase($"names/get-job/{label}", Door.Worker, "GET", $"/api/jobs/{raw}", 400, "id");
            yield return new HostileCase($"names/cancel-job/{label}", Door.Worker, "DELETE", $"/api/jobs/{raw}", 400, "id");
        }
        yield return new HostileCase("names/sample-that-does-not-exist", Door.Ingest, "POST", "/api/samples/%2E%2Fetc", 404, "No sample") { Body = [] };
    }

    private static string JsonText(string text) => System.Text.Json.JsonSerializer.Serialize(text)[1..^1];
}
