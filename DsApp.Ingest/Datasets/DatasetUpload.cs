using DsApp.Ingest.Parsing;
using DsApp.Platform.Idempotency;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// What an upload asks for: the dataset, its body, the state the dataset must be in when it commits,
/// and optionally its description, tags and label (samples set them; uploads keep the current ones). A request's body is
/// a <see cref="DsApp.ServiceDefaults.Requests.CancellableRequestBody"/>: the CSV reader reads ahead, and cancels that
/// read when it refuses the table.
/// </summary>
public sealed record DatasetUpload(string Id, string? Name, TableFormat Format, Stream Body, bool MustCreate, Func<Dataset?, bool> Precondition)
{
    public string? Description { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Label { get; init; }

    /// <summary>The POST's Idempotency-Key; the dataset it creates keeps it (<see cref="StampOf"/>).</summary>
    public IdempotencyKey? IdempotencyKey { get; init; }

    /// <summary>Hash the body (SHA-256) on the way, for an Idempotency-Key.</summary>
    public bool HashBody => IdempotencyKey is not null;

    /// <summary>What tells a retry of this upload from another request under its Idempotency-Key: the body, the id and the name.</summary>
    public string FingerprintOf(string bodyHash) => RequestFingerprint.Of(bodyHash, Id, Name);

    /// <summary>What the dataset this upload creates records of its key and request; null without a key.</summary>
    public IdempotencyStamp? StampOf(string? bodyHash) =>
        IdempotencyKey is { } key && bodyHash is not null ? new IdempotencyStamp(key.Hash, FingerprintOf(bodyHash)) : null;
}
