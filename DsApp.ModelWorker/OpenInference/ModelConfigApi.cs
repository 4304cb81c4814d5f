using DsApp.Platform.Contracts;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.ServiceDefaults.Security;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The model configuration extension: <c>GET /v2/models/{m}[/versions/{v}]/config</c>, the version's configuration in the
/// JSON shape of Triton's <c>ModelConfig</c> (what tritonclient's <c>get_model_config</c> reads): name, platform, backend,
/// max_batch_size, and each input and output with its <c>TYPE_*</c> data type and dims.
/// </summary>
public static class ModelConfigApi
{
    /// <summary>The name <c>GET /v2</c> lists among the extensions served.</summary>
    public const string Extension = "model_configuration";

    /// <summary>
    /// The model's <c>batching.maxBatchSize</c>, 0 when it does not batch (Triton's dynamic batching). With 0, Triton's dims
    /// are the full shape, batch dimension included (<c>[-1]</c>); a batching model says its largest batch and leaves the
    /// batch dimension out. (Unlike Triton, a request with more rows is still answered, alone, within Inference:MaxRows.)
    /// </summary>
    public static int MaxBatchSize(Model model) => model.Batching?.MaxBatchSize ?? 0;

    public static RouteGroupBuilder MapModelConfigApi(this RouteGroupBuilder v2)
    {
        v2.MapGet("/models/{model}/config", ([ResourceNameFormat] string model, PredictionService predictions, CancellationToken ct) => Config(model, null, predictions, ct))
            .WithName("V2ModelConfig").RequireRole(ApiRole.Reader).WithSummary("The model's configuration as Triton shapes it (model configuration extension).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        v2.MapGet("/models/{model}/versions/{version}/config", Config)
            .WithName("V2ModelVersionConfig").RequireRole(ApiRole.Reader).WithSummary("One version's configuration as Triton shapes it.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors(400, 404);
        return v2;
    }

    private static async Task<IResult> Config([ResourceNameFormat] string model, [RegularExpression(ModelTarget.VersionPattern)] string? version, PredictionService predictions, CancellationToken cancellationToken)
    {
        var (resolved, error) = await ModelTarget.ResolveAsync(predictions, model, version, cancellationToken);
        if (error is not null) return error;
        var (entry, loaded) = resolved!.Value;
        var batch = MaxBatchSize(entry.Model);
        var config = new JsonObject
        {
            ["name"] = entry.Model.Name,
            ["platform"] = OpenInferenceApi.Platform(loaded.Runtime),
            ["backend"] = loaded.Runtime == ModelRuntime.Onnx ? "onnxruntime" : "mlnet",
            ["max_batch_size"] = batch,
            ["input"] = new JsonArray(TensorSpec.Inputs(loaded).Select(t => Tensor(t, batch)).ToArray()),
            ["output"] = new JsonArray(TensorSpec.Outputs(loaded).Select(t => Tensor(t, batch)).ToArray()),
        };
        if (OutputTensor.ClassesOf(loaded) is { } classes)
            config["parameters"] = new JsonObject { ["classes"] = new JsonObject { ["string_value"] = string.Join(",", classes) } };
        return TypedResults.Json(config);
    }

    /// <summary>
    /// <c>{"name","data_type","dims"}</c>: <c>TYPE_STRING</c> for BYTES, <c>TYPE_</c> and the datatype otherwise. A batching
    /// model's dims leave the batch dimension out; a tensor that is one value per row then has dims <c>[1]</c> and
    /// <c>reshape: {"shape": []}</c>, as Triton writes it (its dims are never empty).
    /// </summary>
    private static JsonNode Tensor(TensorSpec tensor, int maxBatchSize)
    {
        var dims = maxBatchSize > 0 ? tensor.Shape[1..] : tensor.Shape;
        var json = new JsonObject
        {
            ["name"] = tensor.Name,
            ["data_type"] = tensor.Datatype == "BYTES" ? "TYPE_STRING" : $"TYPE_{tensor.Datatype}",
            ["dims"] = new JsonArray((dims.Length == 0 ? new[] { 1 } : dims).Select(d => (JsonNode)d).ToArray()),
        };
        if (dims.Length == 0) json["reshape"] = new JsonObject { ["shape"] = new JsonArray() };
        return json;
    }
}
