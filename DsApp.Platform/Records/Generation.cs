using System.Security.Cryptography;

namespace DsApp.Platform.Records;

/// <summary>
/// A resource's generation: a fresh name each time a dataset or model is created, under which every object it owns is
/// kept. A resource deleted and created again under the same id starts a new generation and never sees the old one's objects.
/// </summary>
public static class Generation
{
    public static string New() => $"g{DateTimeOffset.UtcNow:yyyyMMddHHmmss}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
