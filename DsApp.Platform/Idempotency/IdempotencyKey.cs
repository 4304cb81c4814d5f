using System.Security.Cryptography;
using System.Text;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace DsApp.Platform.Idempotency;

/// <summary>
/// A client's <c>Idempotency-Key</c>, scoped to the endpoint (<paramref name="Scope"/>, e.g. <c>POST /api/datasets</c>)
/// and to the <see cref="Caller"/>, so two clients that pick the same key never see each other's answers.
/// </summary>
public sealed record IdempotencyKey(string Scope, string? Caller, string Key)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 255;

    public static readonly string InvalidMessage = $"{HeaderName} must be 1 to {MaxLength} printable ASCII characters.";

    /// <summary>
    /// What Redis and the store of record know the key by: the SHA-256 of scope, caller and key. A key is the client's
    /// free text; hashed, no key can spell another's name (<c>k:claim</c> is not the claim of <c>k</c>), and none is kept.
    /// </summary>
    public string Hash { get; } = HashOf(Scope, Caller, Key);

    /// <summary>The request's key, null when it has none; false when the key is not acceptable (empty, too long, not printable ASCII).</summary>
    public static bool TryRead(HttpContext context, string scope, out IdempotencyKey? key)
    {
        key = null;
        if (!context.Request.Headers.TryGetValue(HeaderName, out var values)) return true;
        var value = values.ToString();
        if (values.Count != 1 || value.Length is 0 or > MaxLength || !value.All(c => c is >= ' ' and <= '~')) return false;
        key = new IdempotencyKey(scope, DsApp.ServiceDefaults.Security.Caller.Of(context), value);
        return true;
    }

    private static string HashOf(string scope, string? caller, string key)
    {
        // Each part length-prefixed: no choice of caller and key reads as another's.
        var text = $"{scope.Length}:{scope}|{(caller is null ? "-" : $"{caller.Length}:{caller}")}|{key.Length}:{key}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
