using System.Security.Cryptography;
using DsApp.Platform.Idempotency;

namespace DsApp.Ingest.Datasets;

/// <summary>The id of a dataset that a <c>POST</c> creates without naming one.</summary>
public static class NewDatasetId
{
    public static string Random() => $"ds-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// A POST with an Idempotency-Key takes its id from the key, so its retry names the same dataset whatever Redis
    /// remembers, and finds there what the first attempt created instead of creating a second. Longer than a random
    /// id: a collision with another dataset would refuse this key for good, where a random one costs only a retry.
    /// </summary>
    public static string For(IdempotencyKey key) => $"ds-{key.Hash[..16]}";
}
