using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Records;
using DsApp.ServiceDefaults.Requests;
using DsApp.Platform.Contracts;
using DsApp.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Registry;

/// <summary><c>/api/models</c>: create, list, read, merge-patch and delete models.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTag("Models", "The model registry: models, versions (training, import), aliases, traffic, drift.");
        api.MapPost("/", CreateModel).WithName("CreateModel").RequireRole(ApiRole.Admin).WithSummary("Creates a model: its task, label and features.")
            .ProducesProblems(400, 409, 415);
        api.MapGet("/", ListModels).WithName("ListModels").RequireRole(ApiRole.Reader).WithSummary("A page of models, in name order.").ProducesProblems(400);
        api.MapGet("/{name}", GetModel).WithName("GetModel").RequireRole(ApiRole.Reader).WithSummary("One model, with its aliases, traffic split and shadow.")
            .ProducesProblems(400, 404);
        api.MapPatch("/{name}", PatchModel).WithName("PatchModel").RequireRole(ApiRole.Admin)
            .WithSummary("Merge-patches description, aliases, traffic, shadow (and cachePredictions, capture, batching); rules must name ready versions.")
            .Accepts<JsonElement>("application/merge-patch+json", "application/json").ProducesProblems(400, 404, 409, 412, 415);
        api.MapDelete("/{name}", DeleteModel).WithName("DeleteModel").RequireRole(ApiRole.Admin).WithSummary("Deletes the model, every version, artifact and cached prediction.")
            .ProducesProblems(400, 404, 412);
        return app;
    }

    private static async Task<Results<Created<Model>, ProblemHttpResult>> CreateModel(
        JsonBody<CreateModelRequest> body, ModelCommands commands, HttpContext http, CancellationToken cancellationToken)
    {
        if (body.Problem is { } unreadable) return unreadable;
        var request = body.Value!;
        var errors = new Dictionary<string, string[]>();
        if (!ResourceName.IsValid(request.Name)) errors["name"] = [ResourceName.Explain(request.Name)];
        if (!RegistryJson.TryParseKebab<ModelTask>(request.Task, out var task))
            errors["task"] = [$"must be one of {RegistryJson.Names<ModelTask>()}."];
        if (string.IsNullOrWhiteSpace(request.Label)) errors["label"] = ["names the column to predict; it is required."];
        var features = request.Features ?? [];
        if (features.Any(string.IsNullOrWhiteSpace)) errors["features"] = ["a feature name is empty."];
        else if (features.Distinct(StringComparer.Ordinal).Count() != features.Count) errors["features"] = ["a feature is listed twice."];
        else if (request.Label is not null && features.Contains(request.Label)) errors["features"] = [$"'{request.Label}' is the label; it cannot be a feature too."];
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        var now = DateTimeOffset.UtcNow;
        var outcome = await commands.CreateAsync(new Model(request.Name!, task, request.Label!, features, request.Description,
            new Dictionary<string, int>(), [], null, null, now, now, ""), cancellationToken);
        if (!outcome.IsOk) return outcome.ToProblem();
        http.Response.Headers.ETag = EntityTags.Quote(outcome.Value!.Etag);
        return TypedResults.Created($"/api/models/{outcome.Value.Name}", outcome.Value);
    }

    private static async Task<Results<Ok<Page<Model>>, ValidationProblem>> ListModels(
        ModelRegistry registry, [Range(1, PageRequest.MaxLimit)] int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors))
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await registry.ListAsync(page, cancellationToken));
    }

    private static async Task<Results<Ok<Model>, ProblemHttpResult>> GetModel(
        [ResourceNameFormat] string name, ModelRegistry registry, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        http.Response.Headers.ETag = EntityTags.Quote(model.Etag);
        return TypedResults.Ok(model);
    }

    private static async Task<Results<Ok<Model>, ProblemHttpResult>> PatchModel(
        [ResourceNameFormat] string name, HttpContext http, ModelCommands commands, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (JsonContentType.Refusal(http.Request) is { } wrongType) return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, wrongType);
        JsonElement patch;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            patch = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return ApiProblems.Invalid("body", $"The body is not JSON: {error.Message}");
        }
        if (JsonUnicode.Fault(patch) is { } fault) return ApiProblems.Invalid("body", $"The body's JSON text {fault}.");
        var outcome = await commands.PatchAsync(name, etag => EntityTags.IfMatchAllows(http.Request, etag), patch, cancellationToken);
        if (!outcome.IsOk) return outcome.ToProblem();
        http.Response.Headers.ETag = EntityTags.Quote(outcome.Value!.Etag);
        return TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteModel(
        [ResourceNameFormat] string name, HttpContext http, ModelCommands commands, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var outcome = await commands.DeleteAsync(name, etag => EntityTags.IfMatchAllows(http.Request, etag), cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }
}
