using System.Text.Json.Nodes;

namespace DsApp.Tests.Gateway;

/// <summary>The operations an OpenAPI document lists, with a concrete path to call each one on.</summary>
public sealed record DocumentedOperation(string Method, string Template, JsonObject Operation)
{
    public static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public bool IsWrite => Method is not ("GET" or "HEAD");

    public bool IsOpenInference => Template.StartsWith("/v2", StringComparison.Ordinal);

    public bool IsAnonymous => Operation["security"] is JsonArray { Count: 0 };

    public bool HasJsonBody => Operation["requestBody"]?["content"]?["application/json"] is not null;

    /// <summary>The template with every parameter given a value no resource has (versions: a number none reaches).</summary>
    public string ConcretePath => System.Text.RegularExpressions.Regex.Replace(Template, "\\{([^}]+)\\}", match =>
        match.Groups[1].Value is "v" or "version" ? "987654" : "contract-sweep-absent");

    public override string ToString() => $"{Method} {Template}";

    public static IReadOnlyList<DocumentedOperation> All(JsonObject document) =>
        (document["paths"] as JsonObject ?? [])
            .SelectMany(path => Methods
                .Where(method => path.Value?[method] is JsonObject)
                .Select(method => new DocumentedOperation(method.ToUpperInvariant(), path.Key, (JsonObject)path.Value![method]!)))
            .ToList();
}
