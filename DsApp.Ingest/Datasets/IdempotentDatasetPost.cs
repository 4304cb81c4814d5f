using System.Text.Json;
using DsApp.Ingest.Parsing;
using DsApp.ServiceDefaults.Contracts;
using DsApp.ServiceDefaults.Idempotency;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// <c>POST /api/datasets</c> with an <c>Idempotency-Key</c>: the first request with the key creates the dataset and its
/// answer is kept; a retry of the same request (body, id and name) gets that answer again, another request with the key a
/// 422, and a retry while the first still runs a 409.
/// </summary>
public sealed class IdempotentDatasetPost(DatasetIngestion ingestion, IdempotencyStore idempotency, IOptions<IngestOptions> options)
{
    public async Task<IResult> CreateAsync(HttpContext context, DatasetUpload upload, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var claim = await idempotency.ClaimAsync(key);
        if (claim.Kept is { } kept) return await AnswerAgainAsync(context.Request.Body, upload, key, kept, cancellationToken);
        if (!claim.Held)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
                detail: $"A request with {IdempotencyKey.HeaderName} '{key.Key}' is still running; retry when it ends.");
        try
        {
            var result = await ingestion.IngestAsync(upload with { HashBody = true }, cancellationToken);
            var record = Recorded(result.Dataset, upload.FingerprintOf(result.BodyHash!));
            await idempotency.KeepAsync(key, record);
            return IdempotencyStore.Answer(record);
        }
        catch
        {
            await idempotency.ReleaseAsync(key);
            throw;
        }
    }

    /// <summary>The answer a create gets, as it is kept and replayed: 201, the dataset, its Location and ETag.</summary>
    public static IdempotencyRecord Recorded(Dataset dataset, string requestHash) =>
        new(requestHash, StatusCodes.Status201Created,
            new Dictionary<string, string> { [HeaderNames.Location] = DatasetsApi.LocationOf(dataset.Id), [HeaderNames.ETag] = EntityTags.Quote(dataset.Etag) },
            "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(dataset, DatasetStore.Json));

    /// <summary>Reads the body only to tell a retry (the same request: replayed) from another request under the key (422).</summary>
    private async Task<IResult> AnswerAgainAsync(Stream body, DatasetUpload upload, IdempotencyKey key, IdempotencyRecord kept, CancellationToken cancellationToken)
    {
        await using var hashed = new CheckedBodyStream(body, options.Value.MaxUploadBytes, hash: true);
        await hashed.CopyToAsync(Stream.Null, cancellationToken);
        return upload.FingerprintOf(hashed.BodyHash()!) == kept.RequestHash
            ? IdempotencyStore.Replay(kept)
            : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: $"{IdempotencyKey.HeaderName} '{key.Key}' was used with another request (body, id or name) in the last 24 hours.");
    }
}
