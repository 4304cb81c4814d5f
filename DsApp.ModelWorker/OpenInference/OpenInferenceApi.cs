using DsApp.Platform.Contracts;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Identity;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Paging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using DsApp.ServiceDefaults.Security;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 REST endpoints (KServe, Triton and MLServer clients work unchanged): server and model
/// metadata, health, readiness and <c>infer</c>, the protocol's adapter of the one prediction pipeline. Errors answer
/// <c>{"error": "..."}</c>.
/// </summary>
public static class OpenInferenceApi
{
    /// <summary>An infer request: JSON, or (binary tensor data extension) JSON and then the tensors' bytes.</summary>
    private static readonly (string, JsonSchemaType)[] InferBody = [("application/json", JsonSchemaType.Object), (BinaryTensorData.MediaType, JsonSchemaType.String)];

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTag("Open Inference Protocol v2",
            "KServe's Open Inference Protocol v2, for clients of KServe, Triton and MLServer. Errors are {\"error\": \"...\"}.");
        v2.MapGet("", ServerMetadata).WithName("V2ServerMetadata").RequireRole(ApiRole.Reader).WithSummary("Server name, version and extensions.");
        v2.MapGet("/health/live", () => TypedResults.Ok(new { live = true })).WithName("V2Live").AllowAnonymousCallers().WithSummary("Liveness.");
        v2.MapGet("/health/ready", ServerReady).WithName("V2Ready").AllowAnonymousCallers().WithSummary("Ready when models can be served.");
        v2.MapGet("/models/{model}", ([ResourceNameFormat] string model, PredictionService predictions, CancellationToken ct) => ModelMetadata(model, null, predictions, ct))
            .WithName("V2ModelMetadata").RequireRole(ApiRole.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        v2.MapGet("/models/{model}/versions/{version}", ModelMetadata).WithName("V2ModelVersionMetadata").RequireRole(ApiRole.Reader)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        v2.MapGet("/models/{model}/ready", ([ResourceNameFormat] string model, PredictionService predictions, CancellationToken ct) => ModelReady(model, null, predictions, ct))
            .WithName("V2ModelReady").RequireRole(ApiRole.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        v2.MapGet("/models/{model}/versions/{version}/ready", ModelReady).WithName("V2ModelVersionReady").RequireRole(ApiRole.Reader)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        v2.MapPost("/models/{model}/infer", ([ResourceNameFormat] string model, HttpContext http, PredictionService predictions, IOptions<InferenceOptions> options, CancellationToken ct) =>
            Infer(model, null, http, predictions, options, ct)).WithName("V2Infer").RequireRole(ApiRole.Predictor).WithBodyClass(BodyClass.Prediction).DocumentsBody(InferBody)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404, 413, 415);
        v2.MapPost("/models/{model}/versions/{version}/infer", Infer).WithName("V2VersionInfer").RequireRole(ApiRole.Predictor).WithBodyClass(BodyClass.Prediction).DocumentsBody(InferBody)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404, 413, 415);
        v2.MapStatisticsApi();
        v2.MapModelRepositoryApi();
        v2.MapModelConfigApi();
        return app;
    }

    private static IResult ServerMetadata(ServiceIdentity identity) =>
        TypedResults.Ok(new { name = "dsapp-modelworker", version = identity.Version, extensions = new[] { BinaryTensorData.Extension, StatisticsApi.Extension, ModelRepositoryApi.Extension, ModelConfigApi.Extension } });

    private static async Task<IResult> ServerReady(ModelRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            await registry.ListAsync(new PageRequest(1, null), cancellationToken);
            return TypedResults.Ok(new { ready = true });
        }
        catch (Exception error) when (error is IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            return TypedResults.Json(new { ready = false }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> ModelMetadata([ResourceNameFormat] string model, [RegularExpression(ModelTarget.VersionPattern)] string? version, PredictionService predictions, CancellationToken cancellationToken)
    {
        var (resolved, error) = await ModelTarget.ResolveAsync(predictions, model, version, cancellationToken);
        if (error is not null) return error;
        var (entry, loaded) = resolved!.Value;
        var inputs = new JsonArray(TensorSpec.Inputs(loaded).Select(Metadata).ToArray());
        var outputs = new JsonArray(TensorSpec.Outputs(loaded).Select(Metadata).ToArray());
        var metadata = new JsonObject
        {
            ["name"] = entry.Model.Name,
            ["versions"] = new JsonArray(entry.Versions.Where(v => v.Status == VersionStatus.Ready)
                .Select(v => (JsonNode)v.Version.ToString(CultureInfo.InvariantCulture)).ToArray()),
            ["platform"] = Platform(loaded.Runtime),
            ["inputs"] = inputs,
            ["outputs"] = outputs,
        };
        // The graph itself, beside the tensors infer takes and answers (which are the same for every runtime).
        if (entry.Versions.FirstOrDefault(v => v.Version == loaded.Version)?.Graph is { } graph)
            metadata["graph"] = JsonSerializer.SerializeToNode(graph, RegistryJson.Options);
        return TypedResults.Json(metadata);
    }

    private static async Task<IResult> ModelReady([ResourceNameFormat] string model, [RegularExpression(ModelTarget.VersionPattern)] string? version, PredictionService predictions, CancellationToken cancellationToken)
    {
        var (resolved, error) = await ModelTarget.ResolveAsync(predictions, model, version, cancellationToken);
        return error ?? TypedResults.Ok(new { name = resolved!.Value.Entry.Model.Name, ready = true });
    }

    /// <summary>Tensors in, through the prediction pipeline (version choice, cache, shadow, capture, counts), tensors out.</summary>
    private static async Task<IResult> Infer([ResourceNameFormat] string model, [RegularExpression(ModelTarget.VersionPattern)] string? version, HttpContext http, PredictionService predictions,
        IOptions<InferenceOptions> options, CancellationToken cancellationToken)
    {
        if (ModelTarget.TryParse(model, version, out var target) is { } invalid) return invalid;
        try
        {
            var inputs = new InferInputs(await InferRequestBody.ReadAsync(http, options.Value.MaxBodyBytes, cancellationToken));
            var result = await predictions.PredictAsync(target.Name, target.Version, inputs, cancellationToken);
            ModelVersionHeader.Set(http.Response, result.Model.Version);
            return InferResponse.Write(http.Response, result.Model.Name, result.Model.Version, inputs.Id, OutputTensor.For(result, inputs.Outputs));
        }
        catch (InputException refusal)
        {
            return refusal.ToError();
        }
        catch (ModelRequestException refusal)
        {
            return refusal.ToError();
        }
    }

    /// <summary>A tensor as metadata lists it: <c>{"name","datatype","shape"}</c>, and its <c>parameters</c> when it has some.</summary>
    private static JsonNode Metadata(TensorSpec tensor)
    {
        var node = new JsonObject
        {
            ["name"] = tensor.Name,
            ["datatype"] = tensor.Datatype,
            ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)d).ToArray()),
        };
        if (tensor.Parameters.Count > 0) node["parameters"] = new JsonObject(tensor.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        return node;
    }

    /// <summary>The platform name Triton gives the runtime (its ONNX backend: <c>onnxruntime_onnx</c>).</summary>
    public static string Platform(ModelRuntime runtime) => runtime == ModelRuntime.Onnx ? "onnxruntime_onnx" : "mlnet";
}
