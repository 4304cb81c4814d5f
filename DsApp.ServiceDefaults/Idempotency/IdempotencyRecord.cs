namespace DsApp.ServiceDefaults.Idempotency;

/// <summary>The answer a request with an Idempotency-Key got, kept with the SHA-256 of its body to tell a retry from a reuse.</summary>
public sealed record IdempotencyRecord(string BodyHash, int Status, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body);
