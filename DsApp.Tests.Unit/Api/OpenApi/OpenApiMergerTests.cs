using System.Text.Json.Nodes;
using DsApp.Api.OpenApi;

namespace DsApp.Tests.Unit.Api.OpenApi;

public sealed class OpenApiMergerTests
{
    private static JsonObject Document(string path, string tag, string schemaName, JsonObject schema) => new()
    {
        ["openapi"] = "3.1.1",
        ["paths"] = new JsonObject
        {
            [path] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["tags"] = new JsonArray(tag),
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "OK",
                            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" } } },
                        },
                    },
                },
            },
        },
        ["components"] = new JsonObject { ["schemas"] = new JsonObject { [schemaName] = schema } },
        ["tags"] = new JsonArray(new JsonObject { ["name"] = tag }),
    };

    private static JsonObject Object(params string[] properties) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject { ["type"] = "string" }))),
    };

    [Fact]
    public void Paths_and_tags_of_every_service_are_kept()
    {
        var merged = OpenApiMerger.Merge([
            ("ingest", Document("/api/datasets", "Datasets", "Dataset", Object("id"))),
            ("modelworker", Document("/api/models", "Models", "Model", Object("name")))]);
        Assert.Equal(["/api/datasets", "/api/models"], merged["paths"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["Datasets", "Models"], merged["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(["Dataset", "Model"], merged["components"]!["schemas"]!.AsObject().Select(s => s.Key));
    }

    [Fact]
    public void The_same_schema_in_two_services_is_kept_once()
    {
        var merged = OpenApiMerger.Merge([
            ("ingest", Document("/api/datasets", "Datasets", "Page", Object("items", "nextCursor"))),
            ("modelworker", Document("/api/models", "Models", "Page", Object("items", "nextCursor")))]);
        Assert.Single(merged["components"]!["schemas"]!.AsObject());
        Assert.Equal("#/components/schemas/Page", merged["paths"]!["/api/models"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Two_different_schemas_of_one_name_are_both_kept_and_references_follow_the_renamed_one()
    {
        var merged = OpenApiMerger.Merge([
            ("ingest", Document("/api/datasets", "Datasets", "Column", Object("name", "type"))),
            ("modelworker", Document("/api/models", "Models", "Column", Object("name", "datatype")))]);
        var schemas = merged["components"]!["schemas"]!.AsObject();
        Assert.Equal(["Column", "ModelworkerColumn"], schemas.Select(s => s.Key).Order());
        Assert.NotNull(schemas["ModelworkerColumn"]!["properties"]!["datatype"]);
        Assert.Equal("#/components/schemas/Column", merged["paths"]!["/api/datasets"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ModelworkerColumn", merged["paths"]!["/api/models"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void The_decorated_document_gives_each_operation_the_security_and_errors_the_gateway_enforces()
    {
        var merged = OpenApiMerger.Merge([("modelworker", Document("/api/models/{name}/predict", "Models", "Prediction", Object("model")))]);
        var predict = merged["paths"]!["/api/models/{name}/predict"]!.AsObject();
        predict["post"] = predict["get"]!.DeepClone();
        predict["post"]!["requestBody"] = new JsonObject { ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } } };
        predict.Remove("get");

        var document = ContractDecorator.Decorate(merged, "1.2.3", [], new DsApp.Api.Security.BodyLimitOptions());
        var operation = document["paths"]!["/api/models/{name}/predict"]!["post"]!;
        Assert.Equal(2, operation["security"]!.AsArray().Count);
        Assert.Contains("`predictor`", operation["description"]!.GetValue<string>());
        foreach (var status in new[] { "401", "403", "413", "429", "503" }) Assert.NotNull(operation["responses"]![status]);
        Assert.NotNull(operation["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.Empty(document["paths"]!["/health"]!["get"]!["security"]!.AsArray());
        Assert.NotNull(document["paths"]!["/health"]!["get"]!["responses"]!["429"]);
        Assert.Equal("1.2.3", document["info"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public void The_413_answer_states_the_limits_the_gateway_is_configured_with()
    {
        var merged = OpenApiMerger.Merge([("modelworker", Document("/api/models", "Models", "Model", Object("model")))]);
        var limits = new DsApp.Api.Security.BodyLimitOptions { PredictionBytes = 2 * 1024 * 1024, UploadBytes = 3 * 1024 * 1024 * 1024L, OtherBytes = 64 * 1024 };
        var tooLarge = ContractDecorator.Decorate(merged, "1.2.3", [], limits)["components"]!["responses"]!["PayloadTooLarge"]!;
        Assert.Equal("The body is past the limit: 2 MiB for predict and infer, 3072 MiB for uploads, 65536 bytes otherwise.",
            tooLarge["description"]!.GetValue<string>());
        Assert.Contains("at most 2097152 bytes (2 MiB)", tooLarge["content"]!["application/problem+json"]!["example"]!["detail"]!.GetValue<string>());
    }
}
