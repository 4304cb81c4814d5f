namespace DsApp.Platform.Idempotency;

/// <summary>
/// The key (<see cref="IdempotencyKey.Hash"/>) and request (<see cref="RequestFingerprint"/>) that created a resource, kept
/// in its manifest, so a retry finds what it created even when Redis lost the answer.
/// </summary>
public sealed record IdempotencyStamp(string KeyHash, string RequestHash);
