namespace DsApp.Platform.Idempotency;

/// <summary>
/// How a request with a key may go on: <see cref="Kept"/> is the answer an earlier request with the key got (answer it
/// again, or 422 for another request); otherwise <see cref="Held"/> says whether this request holds the key and may
/// run, or another holds it (409: still in progress). The claim's <see cref="Token"/> is this request's own, so freeing
/// it never frees a claim that another request took after ours expired.
/// </summary>
public readonly record struct IdempotencyClaim(string? Token, IdempotencyRecord? Kept)
{
    public bool Held => Token is not null;
}
