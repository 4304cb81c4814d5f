using System.Text.Json;
using DsApp.ServiceDefaults.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace DsApp.ModelWorker.Inference;

/// <summary><c>POST /api/models/{name}/predict</c>: one flat object or <c>{"instances":[...]}</c>, answered with <c>X-Model-Version</c>.</summary>
public static class PredictApi
{
    public const string VersionHeader = "X-Model-Version";

    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/models/{name}/predict", Predict).WithTags("Predictions").WithName("Predict")
            .WithSummary("Predicts one row or many with the version the contract chooses (or ?version=).")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        return app;
    }

    private static async Task<IResult> Predict(string name, int? version, HttpContext http, PredictionService predictions, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (version is < 1) return ApiProblems.Invalid("version", "must be 1 or more.");
        var body = await ReadJsonBodyAsync(http, cancellationToken);
        if (body.Problem is not null) return body.Problem;
        try
        {
            var answer = await predictions.PredictAsync(name, version, body.Json, cancellationToken);
            http.Response.Headers[VersionHeader] = answer.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Bytes(answer.Json, "application/json");
        }
        catch (InputException error)
        {
            return ApiProblems.Status(error.Status, error.Message, error.Errors);
        }
        catch (ModelRequestException error)
        {
            return ApiProblems.Status(error.Status, error.Message);
        }
    }

    /// <summary>Reads a JSON body within the predict size limit; a 400/413/415 problem otherwise.</summary>
    public static async Task<(JsonElement Json, IResult? Problem)> ReadJsonBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<InferenceOptions>>().Value.MaxBodyBytes;
        if (http.Request.ContentType?.Split(';')[0].Trim() is not ("application/json" or null or ""))
            return (default, ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Send the instances as application/json."));
        if (http.Request.ContentLength > limit)
            return (default, ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"The body is over {limit} bytes."));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, default, cancellationToken);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException error)
        {
            return (default, ApiProblems.Invalid("body", $"The body is not valid JSON: {error.Message}"));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"The body is over {limit} bytes."));
        }
    }
}
