using DsApp.Api.Endpoints;
using System.Text.Json.Nodes;
using DsApp.Api.Routing;
using DsApp.Api.Security;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Api.OpenApi;

/// <summary>
/// What the gateway adds to the merged document, because the gateway is what enforces it: the
/// security schemes and each operation's security (from the same <see cref="EndpointTable"/> that
/// guards the door), the errors the gateway itself answers, the error body of every error a
/// service documented without one, the gateway's own endpoints, the tags in reading order, and examples.
/// </summary>
public static class ContractDecorator
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private const string ProblemJson = "application/problem+json";

    public static JsonObject Decorate(JsonObject merged, string version, IReadOnlyCollection<string> unavailable, BodyLimitOptions limits)
    {
        var description = "One API for datasets, models, training jobs and predictions. Every call but the anonymous ones " +
            "(`GET /`, `/info`, `/openapi/*`, `/health`, `/alive`, `/v2/health/*`) needs a key, sent as `X-Api-Key: <key>` or " +
            "`Authorization: Bearer <key>`. Roles: `reader` (every GET), `predictor` (reader + predict + infer), `admin` (everything). " +
            "Errors are `application/problem+json` (RFC 9457) with `traceId`; the `/v2` endpoints answer `{\"error\": \"...\"}` as the Open Inference Protocol says.";
        if (unavailable.Count > 0)
            description += $"\n\n**Incomplete:** {string.Join(", ", unavailable)} did not answer; its endpoints are missing from this copy of the document.";

        var paths = merged["paths"] as JsonObject ?? [];
        foreach (var (path, item) in GatewayPaths()) paths[path] ??= item;
        var components = merged["components"] as JsonObject ?? [];
        var schemas = components["schemas"] as JsonObject ?? (JsonObject)(components["schemas"] = new JsonObject());
        foreach (var (name, schema) in (JsonObject)JsonNode.Parse(SharedSchemas)!.DeepClone()) schemas[name] ??= schema?.DeepClone();
        components["responses"] = GatewayResponsesFor(limits);
        components["securitySchemes"] = JsonNode.Parse(SecuritySchemes);

        // Tags in the order a reader meets them: the order of the paths that use them.
        var usedTags = new List<string>();
        foreach (var (path, item) in paths.OrderBy(p => PathOrder(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            if (item is not JsonObject operations) continue;
            foreach (var method in Methods)
            {
                if (operations[method] is not JsonObject operation) continue;
                DecorateOperation(path, method, operation);
                foreach (var tag in (operation["tags"] as JsonArray ?? []).Select(t => t?.GetValue<string>()).OfType<string>())
                    if (!usedTags.Contains(tag)) usedTags.Add(tag);
            }
        }

        var tags = new JsonArray();
        var given = (merged["tags"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(t => t["name"]!.GetValue<string>());
        // Each tag as the service that declares it describes it (TagDescriptions).
        foreach (var name in usedTags)
            tags.Add(given.TryGetValue(name, out var tag) ? tag.DeepClone() : new JsonObject { ["name"] = name });

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = Info.InfoApi.Title,
                ["version"] = version,
                ["description"] = description,
                ["contact"] = new JsonObject { ["name"] = "DsApp" },
                ["license"] = new JsonObject { ["name"] = "Proprietary", ["identifier"] = "LicenseRef-DsApp" },
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "This gateway" }),
            ["tags"] = tags,
            ["paths"] = new JsonObject(paths.OrderBy(p => PathOrder(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
            ["components"] = components.DeepClone(),
        };
    }

    /// <summary>The gateway's own paths first, then each service's in the order of <see cref="EndpointTable.Prefixes"/>.</summary>
    private static int PathOrder(string path)
    {
        var prefixes = EndpointTable.Prefixes;
        for (var i = 0; i < prefixes.Count; i++)
            if (new PathString(path).StartsWithSegments(prefixes[i].Prefix)) return i + 1;
        return 0;
    }

    private static void DecorateOperation(string path, string method, JsonObject operation)
    {
        // A template's parameters match any segment, so the template finds its own rule.
        var rule = EndpointTable.Matcher.Find(method.ToUpperInvariant(), new PathString(path));
        var role = rule.Role;
        var isService = path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/v2", StringComparison.Ordinal);
        var isInference = path.StartsWith("/v2", StringComparison.Ordinal);

        var note = role is { } needed ? $"Needs a key with the role `{ApiRoles.Name(needed)}`{(needed == ApiRole.Reader ? "" : " (or higher)")}." : "Anonymous: no key needed.";
        operation["description"] = operation["description"]?.GetValue<string>() is { Length: > 0 } d ? $"{d}\n\n{note}" : note;
        operation["security"] = role is null ? new JsonArray() : new JsonArray(new JsonObject { ["ApiKey"] = new JsonArray() }, new JsonObject { ["Bearer"] = new JsonArray() });

        var responses = operation["responses"] as JsonObject ?? (JsonObject)(operation["responses"] = new JsonObject());
        foreach (var (status, response) in responses.ToList())
        {
            if (!int.TryParse(status, out var code) || code < 400 || response is not JsonObject r || r.ContainsKey("$ref")) continue;
            if (r["content"] is JsonObject { Count: > 0 }) continue;
            r["content"] = isInference
                ? new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("schemas", "InferenceError") } }
                : new JsonObject { [ProblemJson] = new JsonObject { ["schema"] = Ref("schemas", "Problem") } };
        }

        if (role is not null)
        {
            responses.TryAdd("401", Ref("responses", "Unauthorized"));
            if (role != ApiRole.Reader) responses.TryAdd("403", Ref("responses", "Forbidden"));
        }
        // Every path is rate-limited, the probes too (per client address, in a budget of their own).
        responses.TryAdd("429", Ref("responses", "TooManyRequests"));
        if (operation.ContainsKey("requestBody")) responses.TryAdd("413", Ref("responses", "PayloadTooLarge"));
        if (isService) responses.TryAdd("503", Ref("responses", "ServiceUnavailable"));
        if (isService && !(method is "get" or "head" || (method == "post" && rule.BodyClass == BodyClass.Prediction)))
            responses.TryAdd("502", Ref("responses", "MayHaveTakenEffect"));
        AddRequestExample(path, method, operation);
    }

    private static JsonObject Ref(string kind, string name) => new() { ["$ref"] = $"#/components/{kind}/{name}" };

    /// <summary>Examples for the requests a new user makes first, where the service's schema leaves them without one.</summary>
    private static void AddRequestExample(string path, string method, JsonObject operation)
    {
        var example = (method, path) switch
        {
            ("post", "/api/models") => """{"name":"iris","task":"multiclass-classification","label":"species","description":"Iris species from flower measurements"}""",
            ("post", "/api/models/{name}/versions") => """{"datasetId":"iris","trainer":"auto","testFraction":0.2,"seed":42}""",
            ("post", "/api/models/{name}/predict") => """{"instances":[{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}]}""",
            ("post", "/v2/models/{m}/infer") or ("post", "/v2/models/{m}/versions/{v}/infer") =>
                """{"inputs":[{"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.9]},{"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.0]},{"name":"petal_length","shape":[1],"datatype":"FP32","data":[5.1]},{"name":"petal_width","shape":[1],"datatype":"FP32","data":[1.8]}]}""",
            _ => null,
        };
        if (example is null || operation["requestBody"]?["content"]?["application/json"] is not JsonObject media) return;
        if (media.ContainsKey("example") || media.ContainsKey("examples")) return;
        media["example"] = JsonNode.Parse(example);
    }

    private static IEnumerable<(string Path, JsonNode Item)> GatewayPaths()
    {
        yield return ("/", JsonNode.Parse("""
            {"get":{"tags":["Gateway"],"operationId":"GetReferencePage","summary":"This API reference, as a page.",
              "responses":{"200":{"description":"The reference page.","content":{"text/html":{"schema":{"type":"string"}}}}}}}
            """)!);
        yield return ("/openapi/v1.json", JsonNode.Parse("""
            {"get":{"tags":["Gateway"],"operationId":"GetOpenApiDocument","summary":"This OpenAPI 3.1 document, covering every service.",
              "responses":{"200":{"description":"The document.","content":{"application/json":{"schema":{"type":"object"}}}}}}}
            """)!);
        yield return ("/health", JsonNode.Parse("""
            {"get":{"tags":["Gateway"],"operationId":"GetHealth","summary":"Readiness: 200 when the gateway and every service it needs are ready, else 503.",
              "responses":{"200":{"description":"Ready.","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HealthAnswer"}}}},
                           "503":{"description":"Not ready: a check names what is wrong.","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HealthAnswer"}}}}}}}
            """)!);
        yield return ("/alive", JsonNode.Parse("""
            {"get":{"tags":["Gateway"],"operationId":"GetAlive","summary":"Liveness: 200 while the process runs.",
              "responses":{"200":{"description":"Alive.","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HealthAnswer"}}}}}}}
            """)!);
    }

    private const string SharedSchemas = """
        {
          "Problem": {
            "type": "object",
            "description": "An error, as RFC 9457 problem details.",
            "properties": {
              "type": { "type": "string" },
              "title": { "type": "string" },
              "status": { "type": "integer", "format": "int32" },
              "detail": { "type": "string" },
              "instance": { "type": "string" },
              "traceId": { "type": "string", "description": "The trace that holds this request's spans and logs." },
              "errors": { "type": "object", "description": "For validation errors: field (or line) → messages.", "additionalProperties": { "type": "array", "items": { "type": "string" } } },
              "error": { "type": "string", "description": "On /v2 paths only: the message again, the field Open Inference Protocol clients read." }
            },
            "required": ["title", "status", "traceId"]
          },
          "InferenceError": {
            "type": "object",
            "description": "An Open Inference Protocol error.",
            "properties": { "error": { "type": "string" } },
            "required": ["error"]
          },
          "HealthAnswer": {
            "type": "object",
            "properties": {
              "service": { "type": "string" },
              "version": { "type": "string" },
              "status": { "type": "string", "enum": ["healthy", "degraded", "unhealthy"] },
              "checks": { "type": "object", "additionalProperties": { "type": "object", "properties": { "status": { "type": "string" }, "description": { "type": ["string", "null"] } } } }
            },
            "required": ["service", "version", "status", "checks"]
          }
        }
        """;

    /// <summary>The gateway's own answers; the 413's prose and example state the limits this gateway is configured with.</summary>
    private static JsonNode GatewayResponsesFor(BodyLimitOptions limits)
    {
        var responses = JsonNode.Parse(GatewayResponses)!;
        var tooLarge = responses["PayloadTooLarge"]!;
        tooLarge["description"] = $"The body is past the limit: {BodyLimits.Describe(limits.PredictionBytes)} for predict and infer, " +
            $"{BodyLimits.Describe(limits.UploadBytes)} for uploads, {BodyLimits.Describe(limits.OtherBytes)} otherwise.";
        tooLarge["content"]![ProblemJson]!["example"]!["detail"] =
            $"POST /api/models/iris/predict takes at most {limits.PredictionBytes} bytes ({BodyLimits.Describe(limits.PredictionBytes)}).";
        return responses;
    }

    private const string GatewayResponses = """
        {
          "Unauthorized": {
            "description": "No key, a malformed key or an unknown key. `WWW-Authenticate` names both ways of sending one.",
            "headers": { "WWW-Authenticate": { "schema": { "type": "string" }, "example": "Bearer realm=\"DsApp\"" } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" },
              "example": { "type": "https://www.rfc-editor.org/rfc/rfc9110#status.401", "title": "Unauthorized", "status": 401,
                "detail": "This endpoint needs an API key: send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'.", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736" } } }
          },
          "Forbidden": {
            "description": "The key is valid but its role does not allow this call.",
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" },
              "example": { "type": "https://www.rfc-editor.org/rfc/rfc9110#status.403", "title": "Forbidden", "status": 403,
                "detail": "The key 'dashboard' has the role reader; DELETE /api/datasets/iris needs admin.", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736" } } }
          },
          "TooManyRequests": {
            "description": "Over the rate limit of the key (or of the client's address, without a key). `Retry-After` says when to come back.",
            "headers": { "Retry-After": { "schema": { "type": "integer" }, "description": "Seconds to wait." } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" },
              "example": { "type": "https://www.rfc-editor.org/rfc/rfc9110#status.429", "title": "Too many requests", "status": 429,
                "detail": "The key 'dashboard' is over its rate limit. Try again in 1 s.", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736" } } }
          },
          "PayloadTooLarge": {
            "description": "",
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" },
              "example": { "type": "https://www.rfc-editor.org/rfc/rfc9110#status.413", "title": "Request body too large", "status": 413,
                "detail": "", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736" } } }
          },
          "MayHaveTakenEffect": {
            "description": "The service failed while handling this write, which may or may not have taken effect; the gateway does not send it again. Read the resource before sending it again, or send it again with the same `Idempotency-Key`.",
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" },
              "example": { "title": "Bad gateway", "status": 502, "detail": "The modelworker service failed while handling POST /api/models/iris/versions, which may have taken effect. Read the resource before sending it again, or send it again with the same Idempotency-Key.", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736" } } }
          },
          "ServiceUnavailable": {
            "description": "No replica of the service behind this endpoint can be reached, or (a read or a prediction) every one failed. `Retry-After` says when to try again.",
            "headers": { "Retry-After": { "schema": { "type": "integer" }, "description": "Seconds to wait." } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" },
              "example": { "title": "Service unavailable", "status": 503, "detail": "The modelworker service cannot be reached. Try again in 5 seconds.", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736" } } }
          }
        }
        """;

    private const string SecuritySchemes = """
        {
          "ApiKey": { "type": "apiKey", "in": "header", "name": "X-Api-Key", "description": "An API key. Keys have a role: reader, predictor or admin." },
          "Bearer": { "type": "http", "scheme": "bearer", "description": "The same API key, as `Authorization: Bearer <key>`." }
        }
        """;
}
