using System.Text.Json;
using DsApp.Ingest.Parsing;
using DsApp.Platform.Contracts;
using DsApp.Platform.Idempotency;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// <c>POST /api/datasets</c> with an <c>Idempotency-Key</c>: the first request with the key creates the dataset and its
/// answer is kept; a retry of the same request (body, id and name) gets that answer again, another request with the key a
/// 422, and a retry while the first still runs a 409.
/// </summary>
/// <remarks>
/// Redis keeps answers, but only the store of record knows for sure that a dataset was created: a commit whose answer
/// Redis failed to keep must not run again. So the dataset's manifest records the key and request that created it
/// (written by the commit itself), the id of a keyed POST without one comes from the key (<see cref="NewDatasetId.For"/>),
/// and a retry that Redis has no answer for looks there before it creates anything.
/// </remarks>
public sealed class IdempotentDatasetPost(DatasetIngestion ingestion, DatasetStore datasets, IdempotencyStore idempotency, IOptions<IngestOptions> options)
{
    public async Task<IResult> CreateAsync(HttpContext context, DatasetUpload upload, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var claim = await idempotency.ClaimAsync(key);
        UploadResult result;
        try
        {
            // Also when another request holds the claim: one whose commit landed but whose claim was never freed.
            var kept = claim.Kept ?? await KeptInManifestAsync(upload.Id, key, cancellationToken);
            if (kept is not null)
            {
                await idempotency.ReleaseAsync(key, claim);
                return await AnswerAgainAsync(context.Request.Body, upload, key, kept, cancellationToken);
            }
            if (!claim.Held)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
                    detail: $"A request with {IdempotencyKey.HeaderName} '{key.Key}' is still running; retry when it ends.");
            result = await ingestion.IngestAsync(upload with { IdempotencyKey = key }, cancellationToken);
        }
        catch
        {
            await idempotency.ReleaseAsync(key, claim);
            throw;
        }
        // Committed: the dataset answers for itself from here, whether or not Redis keeps the answer.
        var record = Recorded(result.Dataset, upload.FingerprintOf(result.BodyHash!));
        await idempotency.KeepAsync(key, claim, record);
        return IdempotencyStore.Answer(record);
    }

    /// <summary>
    /// The answer of the create this key made, from the dataset's manifest: the dataset as it is now, which is the first
    /// answer byte for byte until the dataset changes.
    /// </summary>
    private async Task<IdempotencyRecord?> KeptInManifestAsync(string id, IdempotencyKey key, CancellationToken cancellationToken) =>
        await datasets.GetAsync(id, cancellationToken) is { Idempotency: { } stamp } dataset && stamp.KeyHash == key.Hash
            ? Recorded(dataset.ForClients(), stamp.RequestHash)
            : null;

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
