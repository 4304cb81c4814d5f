using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using DsApp.Ingest.Parsing;
using DsApp.Platform.Contracts;
using DsApp.Platform.Idempotency;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.Platform.Paging;
using DsApp.Platform.Records;
using DsApp.ServiceDefaults.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Ingest.Datasets;

public static class DatasetsApi
{
    public const int MaxRowsLimit = 1000;
    public const int DefaultRowsLimit = 100;
    private const string IdempotencyScope = "POST /api/datasets";
    private static readonly string[] UploadTypes = [TableFormats.CsvMediaType, TableFormats.JsonMediaType, TableFormats.NdjsonMediaType];
    private static readonly (string, JsonSchemaType)[] Tables =
        [(TableFormats.CsvMediaType, JsonSchemaType.String), (TableFormats.JsonMediaType, JsonSchemaType.Array), (TableFormats.NdjsonMediaType, JsonSchemaType.String)];

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTag("Datasets", "Versioned tables in the object store: upload (CSV, JSON, NDJSON), profile, read, version.");
        api.MapGet("/", ListDatasets).WithName("ListDatasets").RequireRole(ApiRole.Reader).WithSummary("A page of datasets, in id order.").ProducesProblems(400);
        api.MapPost("/", CreateDataset).WithName("CreateDataset").RequireRole(ApiRole.Admin).WithBodyClass(BodyClass.Upload)
            .WithSummary("Uploads a new dataset (text/csv, application/json array of flat objects, application/x-ndjson), streamed.")
            .DocumentsBody(Tables).Produces<Dataset>(StatusCodes.Status201Created).ProducesProblems(400, 409, 413, 415, 422);
        api.MapGet("/{id}", GetDataset).WithName("GetDataset").RequireRole(ApiRole.Reader).WithSummary("One dataset: its latest version's columns and statistics.")
            .ProducesProblems(400, 404);
        api.MapPut("/{id}", PutDataset).WithName("PutDataset").RequireRole(ApiRole.Admin).WithBodyClass(BodyClass.Upload).WithSummary("Creates the dataset (201) or adds a new version (200).")
            .DocumentsBody(Tables).Produces<Dataset>(StatusCodes.Status200OK).Produces<Dataset>(StatusCodes.Status201Created)
            .ProducesProblems(400, 409, 412, 413, 415);
        api.MapPatch("/{id}", PatchDataset).WithName("PatchDataset").RequireRole(ApiRole.Admin)
            .WithSummary("Merge-patch (application/merge-patch+json, or application/json) of name, description, tags, label.")
            .DocumentsBody(("application/merge-patch+json", JsonSchemaType.Object), ("application/json", JsonSchemaType.Object)).Produces<Dataset>(StatusCodes.Status200OK)
            .ProducesProblems(400, 404, 412, 413, 415);
        api.MapDelete("/{id}", DeleteDataset).WithName("DeleteDataset").RequireRole(ApiRole.Admin).WithSummary("Deletes the dataset and every object it owns.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 404, 412);
        api.MapGet("/{id}/rows", GetRows).WithName("GetDatasetRows").RequireRole(ApiRole.Reader).WithSummary("A window of rows, values typed as their column.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblems(400, 404);
        api.MapGet("/{id}/content", GetContent).WithName("GetDatasetContent").RequireRole(ApiRole.Reader)
            .WithSummary("The whole table, streamed: text/csv with a header row, or application/x-ndjson by Accept.")
            .Produces(StatusCodes.Status200OK, contentType: TableFormats.CsvMediaType, additionalContentTypes: [TableFormats.NdjsonMediaType])
            .ProducesProblems(400, 404);
        api.MapGet("/{id}/versions", ListVersions).WithName("ListDatasetVersions").RequireRole(ApiRole.Reader).WithSummary("A page of the dataset's versions, oldest first.")
            .Produces<Page<DatasetVersion>>(StatusCodes.Status200OK).ProducesProblems(400, 404);
        return app;
    }

    private static async Task<Results<Ok<Page<Dataset>>, ValidationProblem>> ListDatasets(
        DatasetStore datasets, [Range(1, PageRequest.MaxLimit)] int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors))
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await datasets.ListAsync(page, cancellationToken));
    }

    private static async Task<IResult> CreateDataset(HttpContext context, [ResourceNameFormat] string? id, [MaxLength(DatasetPatch.MaxNameLength)] string? name,
        DatasetIngestion ingestion, IdempotentDatasetPost idempotent, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (!IdempotencyKey.TryRead(context, IdempotencyScope, out var key))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKey.HeaderName] = [IdempotencyKey.InvalidMessage] });
        id ??= key is null ? NewDatasetId.Random() : NewDatasetId.For(key);
        if (CheckUpload(context, id, name, options.Value, out var format) is { } refused) return refused;

        var upload = new DatasetUpload(id, name, format, CancellableRequestBody.Of(context.Request), MustCreate: true, Precondition: _ => true);
        if (key is null) return Created(await ingestion.IngestAsync(upload, cancellationToken));
        return await idempotent.CreateAsync(context, upload, key, cancellationToken);
    }

    private static async Task<IResult> PutDataset(HttpContext context, [ResourceNameFormat] string id, [MaxLength(DatasetPatch.MaxNameLength)] string? name,
        DatasetIngestion ingestion, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (CheckUpload(context, id, name, options.Value, out var format) is { } refused) return refused;
        var request = context.Request;
        var result = await ingestion.IngestAsync(
            new DatasetUpload(id, name, format, CancellableRequestBody.Of(request), MustCreate: false, Precondition: current => EntityTags.IfMatchAllows(request, current?.Etag)),
            cancellationToken);
        if (result.Created) return Created(result);
        context.Response.Headers.ETag = EntityTags.Quote(result.Dataset.Etag);
        return TypedResults.Ok(result.Dataset);
    }

    private static async Task<Results<Ok<Dataset>, ProblemHttpResult, ValidationProblem>> GetDataset(
        HttpContext context, [ResourceNameFormat] string id, DatasetStore datasets, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(id)) return InvalidId(id);
        if (await datasets.GetAsync(id, cancellationToken) is not { } dataset) return NotFoundProblem(id);
        context.Response.Headers.ETag = EntityTags.Quote(dataset.Etag);
        return TypedResults.Ok(dataset.ForClients());
    }

    private static async Task<IResult> PatchDataset(HttpContext context, [ResourceNameFormat] string id, DatasetCommands commands, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(id)) return InvalidId(id);
        if (JsonContentType.Refusal(context.Request) is { } wrongType)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: wrongType);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"not valid JSON: {e.Message}"] });
        }
        using (document)
        {
            if (JsonUnicode.Fault(document.RootElement) is { } fault)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"the JSON text {fault}."] });
            var outcome = await commands.PatchAsync(id, etag => EntityTags.IfMatchAllows(context.Request, etag), document.RootElement, cancellationToken);
            if (!outcome.IsOk) return outcome.Kind == OutcomeKind.Invalid ? TypedResults.ValidationProblem(outcome.Errors!) : outcome.ToProblem();
            context.Response.Headers.ETag = EntityTags.Quote(outcome.Value!.Etag);
            return TypedResults.Ok(outcome.Value);
        }
    }

    private static async Task<IResult> DeleteDataset(HttpContext context, [ResourceNameFormat] string id, DatasetCommands commands, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(id)) return InvalidId(id);
        var outcome = await commands.DeleteAsync(id, etag => EntityTags.IfMatchAllows(context.Request, etag), cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<IResult> GetRows([ResourceNameFormat] string id, [Range(0, long.MaxValue)] long? offset, [Range(1, MaxRowsLimit)] int? limit, [VersionNumber] int? version, DatasetStore datasets, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset is < 0) errors["offset"] = ["offset must be 0 or more."];
        if (limit is < 1 or > MaxRowsLimit) errors["limit"] = [$"limit must be between 1 and {MaxRowsLimit}."];
        var resolved = await ResolveAsync(id, version, datasets, errors, cancellationToken);
        if (resolved.Refusal is not null) return resolved.Refusal;
        await using var data = await datasets.Objects.GetAsync(resolved.Version!.DataObject, cancellationToken);
        if (data is null) return DeletedWhileReading(id);
        return TypedResults.Ok(await StoredTable.ReadRowsAsync(data, resolved.Version, offset ?? 0, limit ?? DefaultRowsLimit, cancellationToken));
    }

    private static async Task<IResult> GetContent(HttpContext context, [ResourceNameFormat] string id, [VersionNumber] int? version, DatasetStore datasets, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(id, version, datasets, [], cancellationToken);
        if (resolved.Refusal is not null) return resolved.Refusal;
        var stored = resolved.Version!;
        var data = await datasets.Objects.GetAsync(stored.DataObject, cancellationToken);
        if (data is null) return DeletedWhileReading(id);
        context.Response.Headers.ETag = EntityTags.Quote(stored.Etag);
        context.Response.Headers["X-Dataset-Version"] = stored.Version.ToString();
        if (PrefersNdjson(context.Request))
        {
            return Results.Stream(async output =>
            {
                await using (data) await StoredTable.WriteNdjsonAsync(data, stored, output, cancellationToken);
            }, TableFormats.NdjsonMediaType);
        }
        return TypedResults.Stream(data, "text/csv; charset=utf-8", $"{id}-v{stored.Version}.csv");
    }

    private static async Task<IResult> ListVersions([ResourceNameFormat] string id, [Range(1, PageRequest.MaxLimit)] int? limit, string? cursor, DatasetStore datasets, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(id)) return InvalidId(id);
        if (!PageRequest.TryParse(limit, cursor, out var page, out var errors)) return TypedResults.ValidationProblem(errors);
        if (await datasets.GetAsync(id, cancellationToken) is not { } dataset) return NotFoundProblem(id);
        var items = new List<DatasetVersion>(page.Limit + 1);
        await foreach (var item in datasets.ListVersionsAsync(dataset, page.After, cancellationToken))
        {
            items.Add(item);
            if (items.Count > page.Limit) break;
        }
        var more = items.Count > page.Limit;
        if (more) items.RemoveAt(items.Count - 1);
        var next = more ? PageRequest.EncodeCursor(DatasetStore.VersionKey(id, dataset.Generation, items[^1].Version)) : null;
        return TypedResults.Ok(new Page<DatasetVersion>(items, next));
    }

    private sealed record Resolved(DatasetVersion? Version, IResult? Refusal);

    private static async Task<Resolved> ResolveAsync(string id, int? version, DatasetStore datasets, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(id)) errors["id"] = [ResourceName.Explain(id)];
        if (version is < 1) errors["version"] = ["version must be 1 or more."];
        if (errors.Count > 0) return new Resolved(null, TypedResults.ValidationProblem(errors));
        if (await datasets.GetAsync(id, cancellationToken) is not { } dataset) return new Resolved(null, NotFoundProblem(id));
        var wanted = version ?? dataset.Version;
        return await datasets.GetVersionAsync(dataset, wanted, cancellationToken) is { } found
            ? new Resolved(found, null)
            : new Resolved(null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Dataset '{id}' has no version {wanted}."));
    }

    private static bool PrefersNdjson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).ToList();
        foreach (var media in accept)
        {
            if (media.MediaType.Equals(TableFormats.NdjsonMediaType, StringComparison.OrdinalIgnoreCase)) return true;
            if (media.MediaType.Equals(TableFormats.CsvMediaType, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return false;
    }

    /// <summary>Checks what can be checked before reading the body: id, name, content type, declared length.</summary>
    private static IResult? CheckUpload(HttpContext context, string id, string? name, IngestOptions options, out TableFormat format)
    {
        format = default;
        var errors = new Dictionary<string, string[]>();
        if (!ResourceName.IsValid(id)) errors["id"] = [ResourceName.Explain(id)];
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > DatasetPatch.MaxNameLength))
            errors["name"] = [$"name must be 1 to {DatasetPatch.MaxNameLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (TableFormats.FromContentType(context.Request.ContentType) is not { } known)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: $"{(string.IsNullOrEmpty(context.Request.ContentType) ? "The request has no Content-Type" : $"Content-Type '{context.Request.ContentType}' is not one of these")}: send {string.Join(", ", UploadTypes)} (UTF-8).");
        format = known;
        if (context.Request.ContentLength > options.MaxUploadBytes) throw new UploadTooLargeException(options.MaxUploadBytes);
        // The limit is counted while the body streams (CheckedBodyStream), whatever the server's own default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        return null;
    }

    private static IResult Created(UploadResult result)
    {
        var location = LocationOf(result.Dataset.Id);
        return new CreatedWithEtag(TypedResults.Created(location, result.Dataset), result.Dataset.Etag);
    }

    private sealed class CreatedWithEtag(IResult inner, string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.ETag = EntityTags.Quote(etag);
            return inner.ExecuteAsync(context);
        }
    }

    public static string LocationOf(string id) => $"/api/datasets/{id}";

    private static ValidationProblem InvalidId(string id) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [ResourceName.Explain(id)] });

    /// <summary>A version resolved a moment ago whose data a DELETE has just removed: the dataset is gone, not broken.</summary>
    private static ProblemHttpResult DeletedWhileReading(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Dataset '{id}' was deleted while it was being read.");

    private static ProblemHttpResult NotFoundProblem(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Dataset '{id}' does not exist.");
}
