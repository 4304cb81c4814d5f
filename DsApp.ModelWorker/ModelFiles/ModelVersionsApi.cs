using System.ComponentModel.DataAnnotations;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Records;
using DsApp.Platform.Contracts;
using DsApp.Platform.Paging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using DsApp.ModelWorker.Inference.Onnx;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Http;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.ModelFiles;

/// <summary><c>/api/models/{name}/versions</c>: list, read, import and delete versions (training is in <c>TrainingApi</c>).</summary>
public static class ModelVersionsApi
{
    public const long MaxImportBytes = BodyLimits.UploadBytes;

    public static IEndpointRouteBuilder MapModelVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models/{name}/versions").WithTags("Models");
        api.MapGet("/", ListVersions).WithName("ListModelVersions").RequireRole(ApiRole.Reader).WithSummary("The model's versions, oldest first.").ProducesProblems(400, 404);
        api.MapGet("/{version:int}", GetVersion).WithName("GetModelVersion").RequireRole(ApiRole.Reader).WithSummary("One version: status, trainer, metrics, inputs and outputs.")
            .ProducesProblems(400, 404);
        api.MapPut("/{version:int}", ImportVersion).WithName("ImportModelVersion").RequireRole(ApiRole.Admin).WithBodyClass(BodyClass.Upload)
            .WithSummary("Imports a model file as this version: ML.NET (application/zip) or ONNX (application/onnx), after checking it loads, takes the model's features and answers its task.")
            .Accepts<Stream>(ModelFileFormat.Zip, ModelFileFormat.Onnx, ModelFileFormat.Bytes).ProducesProblems(400, 404, 409, 413, 415);
        api.MapDelete("/{version:int}", DeleteVersion).WithName("DeleteModelVersion").RequireRole(ApiRole.Admin).WithSummary("Deletes a version no alias, traffic or shadow rule points at.")
            .ProducesProblems(400, 404, 409, 412);
        return app;
    }

    private static async Task<Results<Ok<Page<ModelVersion>>, ProblemHttpResult>> ListVersions(
        [ResourceNameFormat] string name, [Range(1, PageRequest.MaxLimit)] int? limit, string? cursor, ModelRegistry registry, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors)) return ApiProblems.Invalid(errors);
        if (await registry.GetAsync(name, cancellationToken) is not { } model) return ApiProblems.NotFound($"There is no model '{name}'.");
        var after = page.After is null ? 0 : int.TryParse(page.After, out var a) ? a : int.MaxValue;
        var versions = (await registry.ListVersionsAsync(model, cancellationToken)).Where(v => v.Version > after).ToList();
        var items = versions.Take(page.Limit).ToList();
        var next = versions.Count > page.Limit ? PageRequest.EncodeCursor(items[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<ModelVersion>(items, next));
    }

    private static async Task<Results<Ok<ModelVersion>, ProblemHttpResult>> GetVersion(
        [ResourceNameFormat] string name, [VersionNumber] int version, ModelRegistry registry, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var model = await registry.GetAsync(name, cancellationToken);
        var found = model is null ? null : await registry.GetVersionAsync(model, version, cancellationToken);
        if (found is null) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        http.Response.Headers.ETag = found.QuotedEtag;
        return TypedResults.Ok(found);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteVersion(
        [ResourceNameFormat] string name, [VersionNumber] int version, HttpContext http, ModelCommands commands, JobStore jobs, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var outcome = await commands.DeleteVersionAsync(name, version, etag => EntityTags.IfMatchAllows(http.Request, etag), jobs.IsLiveAsync, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<Results<Created<ModelVersion>, ProblemHttpResult>> ImportVersion(
        [ResourceNameFormat] string name, [VersionNumber] int version, HttpContext http, ModelRegistry registry, ModelCommands commands, OnnxLoader onnx, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        if (version < 1) return ApiProblems.Invalid("version", "must be 1 or more.");
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (ModelFileFormat.Of(mediaType, []) is null)
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType,
                $"{(string.IsNullOrEmpty(mediaType) ? "The request has no Content-Type" : $"Content-Type '{http.Request.ContentType}' is not a model file's")}: an imported model is an ML.NET model file sent as application/zip or an ONNX file sent as application/onnx (application/octet-stream: either, told apart by its first bytes).");
        if (http.Request.ContentLength > MaxImportBytes)
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"A model file may be at most {MaxImportBytes} bytes.");
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null) return ApiProblems.NotFound($"There is no model '{name}'.");
        if (await registry.GetVersionAsync(model, version, cancellationToken) is not null)
            return ApiProblems.Conflict($"Model '{name}' already has a version {version}: versions are immutable; import under another number.");

        var started = DateTimeOffset.UtcNow;
        // Kestrel's default (about 28.6 MiB) would refuse larger models than the limit this endpoint states.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxImportBytes;
        using var body = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(body, cancellationToken);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"A model file may be at most {MaxImportBytes} bytes.");
        }
        if (body.Length == 0) return ApiProblems.Invalid("body", "The body is empty: send the model file.");
        body.Position = 0;
        var runtime = ModelFileFormat.Of(mediaType, body.GetBuffer().AsSpan(0, (int)Math.Min(body.Length, 4)))!.Value;
        var checkedFile = runtime == ModelRuntime.Onnx
            ? OnnxImport.Check(model, version, body, started, onnx)
            : MlNetImport.Check(model, version, body, started);
        if (checkedFile.Problem is { } problem) return problem;
        var candidate = checkedFile.Candidate!;

        // The number is taken only now that the file is known to be good: a refused import holds nothing.
        var claim = await commands.ClaimVersionAsync(model, version, cancellationToken);
        if (!claim.IsOk) return claim.ToProblem();
        body.Position = 0;
        var (artifact, size) = await registry.PutArtifactAsync(model, version, body, cancellationToken, candidate.Runtime);
        candidate = candidate with { SizeBytes = size, TrainingSeconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3), Artifact = artifact };
        var written = await commands.WriteVersionAsync(model, version, stored => stored is null ? candidate : null, cancellationToken);
        if (!written.IsOk || written.Value!.Artifact != artifact)
        {
            await registry.RemoveArtifactAsync(artifact);
            return written.IsOk ? ApiProblems.Conflict($"Model '{name}' already has a version {version}.") : written.ToProblem();
        }
        http.Response.Headers.ETag = candidate.QuotedEtag;
        return TypedResults.Created($"/api/models/{name}/versions/{version}", candidate);
    }
}
