using System.Security.Cryptography;
using System.Text;

namespace DsApp.ServiceDefaults.Security;

/// <summary>Keys are configured and compared as SHA-256 hashes, so configuration never holds a usable key.</summary>
public static class ApiKeyHash
{
    public const int Length = 32;

    /// <summary>The hex a configuration holds for <paramref name="key"/> (what <c>sha256sum</c> prints).</summary>
    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool TryParse(string? hex, out byte[] hash)
    {
        hash = [];
        if (hex is null || hex.Trim().Length != Length * 2) return false;
        try
        {
            hash = Convert.FromHexString(hex.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
