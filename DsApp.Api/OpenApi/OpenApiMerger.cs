using System.Text.Json.Nodes;

namespace DsApp.Api.OpenApi;

/// <summary>
/// Merges the services' OpenAPI documents into one: paths, components and tags. Two components of
/// one name that differ are both kept, the later one renamed after its source
/// (<c>ModelworkerColumn</c>) and every reference to it in its own document rewritten first.
/// </summary>
public static class OpenApiMerger
{
    public static JsonObject Merge(IEnumerable<(string Source, JsonObject Document)> documents, ILogger? logger = null)
    {
        var paths = new JsonObject();
        var components = new JsonObject();
        var tags = new Dictionary<string, JsonObject>(StringComparer.Ordinal);

        foreach (var (source, original) in documents)
        {
            var document = (JsonObject)original.DeepClone();
            RenameCollidingComponents(source, document, components);

            if (document["components"] is JsonObject incoming)
            {
                foreach (var (kind, entries) in incoming)
                {
                    if (entries is not JsonObject named) continue;
                    var merged = components[kind] as JsonObject ?? (JsonObject)(components[kind] = new JsonObject());
                    foreach (var (name, component) in named.ToList())
                    {
                        if (!merged.ContainsKey(name)) merged[name] = component?.DeepClone();
                    }
                }
            }

            if (document["paths"] is JsonObject incomingPaths)
            {
                foreach (var (path, item) in incomingPaths.ToList())
                {
                    if (item is not JsonObject operations) continue;
                    if (paths[path] is not JsonObject existing)
                    {
                        paths[path] = operations.DeepClone();
                        continue;
                    }
                    foreach (var (method, operation) in operations.ToList())
                    {
                        if (existing.ContainsKey(method))
                            logger?.LogWarning("{Source} also documents {Method} {Path}; the first description is kept", source, method.ToUpperInvariant(), path);
                        else existing[method] = operation?.DeepClone();
                    }
                }
            }

            foreach (var tag in (document["tags"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (tag["name"]?.GetValue<string>() is { } name && !tags.ContainsKey(name)) tags[name] = (JsonObject)tag.DeepClone();
            }
        }

        return new JsonObject
        {
            ["paths"] = paths,
            ["components"] = components,
            ["tags"] = new JsonArray(tags.Values.Select(JsonNode (t) => t).ToArray()),
        };
    }

    private static void RenameCollidingComponents(string source, JsonObject document, JsonObject mergedSoFar)
    {
        if (document["components"] is not JsonObject incoming) return;
        var prefix = char.ToUpperInvariant(source[0]) + source[1..].Replace("-", "");
        foreach (var (kind, entries) in incoming.ToList())
        {
            if (entries is not JsonObject named || mergedSoFar[kind] is not JsonObject merged) continue;
            foreach (var (name, component) in named.ToList())
            {
                if (!merged.TryGetPropertyValue(name, out var existing) || JsonNode.DeepEquals(existing, component)) continue;
                var renamed = prefix + name;
                for (var n = 2; merged.ContainsKey(renamed) || named.ContainsKey(renamed); n++) renamed = $"{prefix}{name}{n}";
                named.Remove(name);
                named[renamed] = component;
                RewriteReferences(document, $"#/components/{kind}/{name}", $"#/components/{kind}/{renamed}");
            }
        }
    }

    private static void RewriteReferences(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && target == from) obj["$ref"] = to;
                foreach (var (_, child) in obj.ToList()) RewriteReferences(child, from, to);
                break;
            case JsonArray array:
                foreach (var child in array) RewriteReferences(child, from, to);
                break;
        }
    }
}
