using System.Buffers;
using System.Text.Json;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.OpenApi;
using Microsoft.Extensions.Options;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// <c>POST /api/models/{name}/predict</c>: one flat object or <c>{"instances":[...]}</c>, answered with <c>X-Model-Version</c>.
/// The REST adapter of the prediction pipeline: JSON rows in, the contract's JSON answer out, refusals as problem+json.
/// </summary>
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/models/{name}/predict", Predict).WithTag("Predictions", "Predictions from a model's served version: one request at a time, or a batch job over a dataset.").WithName("Predict").RequireRole(ApiRole.Predictor).WithBodyClass(BodyClass.Prediction)
            .WithSummary("Predicts one row or many with the version the contract chooses (or ?version=).")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblems(400, 404, 409, 413, 415);
        return app;
    }

    private static async Task<IResult> Predict([ResourceNameFormat] string name, [VersionNumber] int? version, HttpContext http, PredictionService predictions,
        IOptions<InferenceOptions> options, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (version is < 1) return ApiProblems.Invalid("version", "must be 1 or more.");
        try
        {
            var body = await PredictionBody.ReadJsonAsync(http, options.Value.MaxBodyBytes, cancellationToken);
            var result = await predictions.PredictAsync(name, version, new PredictInstances(body), cancellationToken);
            ModelVersionHeader.Set(http.Response, result.Model.Version);
            return TypedResults.Bytes(Answer(result), "application/json");
        }
        catch (InputException refusal)
        {
            return refusal.ToProblem();
        }
        catch (ModelRequestException refusal)
        {
            return refusal.ToProblem();
        }
    }

    /// <summary><c>{"model","version","predictions":[...]}</c>, each prediction in its task's shape.</summary>
    private static byte[] Answer(PredictionResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + 96 * result.Predictions.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", result.Model.Name);
            json.WriteNumber("version", result.Model.Version);
            json.WriteStartArray("predictions");
            foreach (var prediction in result.Predictions) result.Model.Write(json, prediction);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
