using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Contracts;
using DsApp.ServiceDefaults.Paging;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 REST endpoints (KServe, Triton, MLServer clients work unchanged):
/// server and model metadata, health, readiness and <c>infer</c>. Errors answer <c>{"error": "..."}</c>.
/// </summary>
public static class OpenInferenceApi
{
    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapGet("", ServerMetadata).WithName("V2ServerMetadata").WithSummary("Server name, version and extensions.");
        v2.MapGet("/health/live", () => TypedResults.Ok(new { live = true })).WithName("V2Live").WithSummary("Liveness.");
        v2.MapGet("/health/ready", ServerReady).WithName("V2Ready").WithSummary("Ready when models can be served.");
        v2.MapGet("/models/{model}", (string model, HttpContext http, CancellationToken ct) => ModelMetadata(model, null, http, ct)).WithName("V2ModelMetadata");
        v2.MapGet("/models/{model}/versions/{version}", ModelMetadata).WithName("V2ModelVersionMetadata");
        v2.MapGet("/models/{model}/ready", (string model, HttpContext http, CancellationToken ct) => ModelReady(model, null, http, ct)).WithName("V2ModelReady");
        v2.MapGet("/models/{model}/versions/{version}/ready", ModelReady).WithName("V2ModelVersionReady");
        v2.MapPost("/models/{model}/infer", (string model, HttpContext http, CancellationToken ct) => Infer(model, null, http, ct)).WithName("V2Infer");
        v2.MapPost("/models/{model}/versions/{version}/infer", Infer).WithName("V2VersionInfer");
        return app;
    }

    private static IResult ServerMetadata(ServiceIdentity identity) =>
        TypedResults.Ok(new { name = "dsapp-modelworker", version = identity.Version, extensions = new[] { BinaryTensorData.Extension } });

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

    private static async Task<IResult> ModelMetadata(string model, string? version, HttpContext http, CancellationToken cancellationToken)
    {
        var (resolved, problem) = await ResolveAsync(model, version, http, cancellationToken);
        if (problem is not null) return problem;
        var (entry, loaded) = resolved!.Value;
        var inputs = new JsonArray(loaded.Layout.Features.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Name,
            ["datatype"] = TensorTypes.Of(f),
            ["shape"] = new JsonArray(-1),
        }).ToArray());
        var outputs = new JsonArray(new JsonObject
        {
            ["name"] = "predicted_label",
            ["datatype"] = TensorTypes.LabelType(loaded.Task),
            ["shape"] = new JsonArray(-1),
        });
        var classes = Classes(loaded);
        if (classes is not null)
        {
            outputs.Add(new JsonObject
            {
                ["name"] = "probabilities",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(-1, classes.Count),
                ["parameters"] = new JsonObject { ["classes"] = string.Join(",", classes) },
            });
        }
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

    private static async Task<IResult> ModelReady(string model, string? version, HttpContext http, CancellationToken cancellationToken)
    {
        var (resolved, problem) = await ResolveAsync(model, version, http, cancellationToken);
        return problem ?? TypedResults.Ok(new { name = resolved!.Value.Entry.Model.Name, ready = true });
    }

    private static async Task<IResult> Infer(string model, string? version, HttpContext http, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (resolved, problem) = await ResolveAsync(model, version, http, cancellationToken);
        if (problem is not null) return problem;
        var (_, loaded) = resolved!.Value;
        var service = http.RequestServices.GetRequiredService<PredictionService>();
        var classes = Classes(loaded);
        InferRequestBody body;
        Tables.ColumnTable table;
        IReadOnlyDictionary<string, bool> wanted;
        Prediction[] predictions;
        try
        {
            body = await InferRequestBody.ReadAsync(http, cancellationToken);
            table = TensorReader.Read(loaded.Layout, body.Json, body.Binary, service.MaxRows);
            wanted = RequestedOutputs.Read(body.Json, classes is null ? [OutputTensor.Label] : [OutputTensor.Label, OutputTensor.Probabilities]);
            // Inside: a value the version's runtime cannot take (null for an ONNX integer input) is the request's fault.
            predictions = loaded.Predict(table);
        }
        catch (InputException error)
        {
            return Error(error.Status, string.Join(" ", error.Errors.SelectMany(e => e.Value)));
        }

        http.RequestServices.GetRequiredService<ModelWorkerMetrics>().Predicted(loaded.Name, loaded.Version, "success", predictions.Length, watch.Elapsed.TotalSeconds);
        var outputs = new List<(OutputTensor, bool)>();
        if (wanted.TryGetValue(OutputTensor.Label, out var labelBinary)) outputs.Add((OutputTensor.Labels(loaded, predictions), labelBinary));
        if (classes is not null && wanted.TryGetValue(OutputTensor.Probabilities, out var probabilitiesBinary))
            outputs.Add((OutputTensor.ClassProbabilities(loaded, predictions, classes), probabilitiesBinary));
        var id = body.Json.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : Guid.NewGuid().ToString("N");
        http.Response.Headers[PredictApi.VersionHeader] = loaded.Version.ToString(CultureInfo.InvariantCulture);
        return InferResponse.Write(http.Response, loaded.Name, loaded.Version, id, outputs);
    }

    /// <summary>The platform name Triton gives the runtime (its ONNX backend: <c>onnxruntime_onnx</c>).</summary>
    private static string Platform(ModelRuntime runtime) => runtime == ModelRuntime.Onnx ? "onnxruntime_onnx" : "mlnet";

    /// <summary>Class names of a classifier (binary: false, true), null for regression.</summary>
    private static IReadOnlyList<string>? Classes(LoadedModel loaded) => loaded.Task switch
    {
        ModelTask.Regression => null,
        ModelTask.BinaryClassification => ["false", "true"],
        _ => loaded.Classes,
    };

    private static async Task<((CatalogEntry Entry, LoadedModel Loaded)? Resolved, IResult? Problem)> ResolveAsync(
        string model, string? version, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(model)) return (null, Error(400, ResourceName.Explain(model)));
        int? number = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return (null, Error(400, $"'{version}' is not a version number."));
            number = parsed;
        }
        try
        {
            var resolved = await http.RequestServices.GetRequiredService<PredictionService>().ResolveAsync(model, number, cancellationToken);
            return (resolved, null);
        }
        catch (ModelRequestException error)
        {
            return (null, Error(error.Status == 404 ? 404 : 400, error.Message));
        }
    }

    private static IResult Error(int status, string message) => TypedResults.Json(new InferenceError(message), statusCode: status);
}
