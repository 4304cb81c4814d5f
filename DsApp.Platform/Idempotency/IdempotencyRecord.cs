namespace DsApp.Platform.Idempotency;

/// <summary>The answer a request with an Idempotency-Key got, kept with its <see cref="RequestFingerprint"/> to tell a retry from a reuse.</summary>
public sealed record IdempotencyRecord(string RequestHash, int Status, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body);
