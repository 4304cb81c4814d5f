namespace DsApp.ServiceDefaults.Idempotency;

/// <summary>
/// How a request with a key may go on: <see cref="Kept"/> is the answer an earlier request with the key got (answer it
/// again, or 422 for another request); otherwise <see cref="Held"/> says whether this request holds the key and may
/// run, or another holds it (409: still in progress).
/// </summary>
public readonly record struct IdempotencyClaim(bool Held, IdempotencyRecord? Kept);
