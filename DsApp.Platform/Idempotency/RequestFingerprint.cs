using System.Security.Cryptography;
using System.Text;

namespace DsApp.Platform.Idempotency;

/// <summary>
/// What tells a retry from a reuse of its key: the SHA-256 of the body together with what the request names (its
/// resource id, its name, …). The same body sent to another resource under the same key is another request, a 422.
/// </summary>
public static class RequestFingerprint
{
    public static string OfBody(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string Of(string bodyHash, params string?[] named)
    {
        var text = new StringBuilder(bodyHash);
        // Length-prefixed, and null told from empty: ("a", "bc") is not ("ab", "c").
        foreach (var part in named) text.Append('|').Append(part is null ? "-" : $"{part.Length}:{part}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
