using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// The configured keys, ready to match on the hot path: one SHA-256 of the presented key on the
/// stack, then a constant-time comparison with every configured hash (no early exit, so the time
/// taken says nothing about which key came close). No allocation per request.
/// </summary>
public sealed class ApiKeyRing
{
    /// <summary>Longer keys are refused unread: they cannot be ours and would only cost hashing.</summary>
    public const int MaxKeyLength = 256;

    private readonly (byte[] Hash, ApiKeyIdentity Identity)[] _keys;

    public ApiKeyRing(IOptions<GatewaySecurityOptions> options)
    {
        _keys = options.Value.ApiKeys
            .Select(pair => ApiKeyHash.TryParse(pair.Value.Hash, out var hash) && ApiRoles.TryParse(pair.Value.Role, out var role)
                ? (hash, new ApiKeyIdentity(pair.Key, role))
                : throw new OptionsValidationException(GatewaySecurityOptions.Section, typeof(GatewaySecurityOptions), [$"key {pair.Key} is invalid"]))
            .ToArray();
    }

    public bool IsEmpty => _keys.Length == 0;

    public ApiKeyIdentity? Find(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyLength) return null;
        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[ApiKeyHash.Length];
        SHA256.HashData(utf8[..length], hash);
        ApiKeyIdentity? found = null;
        foreach (var (configured, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, configured)) found = identity;
        }
        return found;
    }
}
