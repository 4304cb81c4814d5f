using System.Text.Json.Nodes;

namespace DsApp.Tests.Infrastructure;

/// <summary>The operations an OpenAPI document lists, with a concrete path to call each one on.</summary>
public sealed record DocumentedOperation(string Method, string Template, JsonObject Operation)
{
    public static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public bool IsWrite => Method is not ("GET" or "HEAD");

    public bool IsOpenInference => Template.StartsWith("/v2", StringComparison.Ordinal);

    public bool IsAnonymous => Operation["security"] is JsonArray { Count: 0 };

    public bool HasJsonBody => Operation["requestBody"]?["content"]?["application/json"] is not null;

    public bool HasBody => Operation["requestBody"] is not null;

    /// <summary>The operation's parameters, the path item's own ones included.</summary>
    public IReadOnlyList<JsonObject> Parameters { get; init; } = [];

    /// <summary>The statuses the operation lists.</summary>
    public IReadOnlySet<string> Statuses => (Operation["responses"] as JsonObject ?? []).Select(r => r.Key).ToHashSet();

    /// <summary>Each status the operation lists with its response, a <c>$ref</c> to <c>#/components/responses</c> followed.</summary>
    public IEnumerable<(string Status, JsonObject? Response)> Responses(JsonObject document) =>
        (Operation["responses"] as JsonObject ?? []).Select(r => (r.Key, Resolve(document, r.Value as JsonObject)));

    private static JsonObject? Resolve(JsonObject document, JsonObject? node) =>
        node?["$ref"]?.GetValue<string>() is { } reference
            ? reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode?)document, (at, part) => at?[part]) as JsonObject
            : node;

    /// <summary>The template with every parameter given a value no resource has (versions: a number none reaches).</summary>
    public string ConcretePath => System.Text.RegularExpressions.Regex.Replace(Template, "\\{([^}]+)\\}", match =>
        match.Groups[1].Value is "v" or "version" ? "987654" : "contract-sweep-absent");

    public override string ToString() => $"{Method} {Template}";

    public static IReadOnlyList<DocumentedOperation> All(JsonObject document) =>
        (document["paths"] as JsonObject ?? [])
            .SelectMany(path => Methods
                .Where(method => path.Value?[method] is JsonObject)
                .Select(method => new DocumentedOperation(method.ToUpperInvariant(), path.Key, (JsonObject)path.Value![method]!)
                {
                    Parameters = ((path.Value!["parameters"] as JsonArray ?? []).Concat(path.Value![method]!["parameters"] as JsonArray ?? []))
                        .Select(p => Resolve(document, p as JsonObject)).OfType<JsonObject>().ToList(),
                }))
            .ToList();
}
