using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Security;

/// <summary>The header that marks a call as coming from inside the app (the gateway, or one service calling another).</summary>
public static class InternalCall
{
    public const string Header = "X-DsApp-Internal";

    public static bool IsProven(HttpRequest request, byte[] secret)
    {
        var values = request.Headers[Header];
        if (values.Count != 1 || values[0] is not { Length: > 0 and <= 256 } presented) return false;
        Span<byte> utf8 = stackalloc byte[presented.Length * 3];
        var length = Encoding.UTF8.GetBytes(presented, utf8);
        return CryptographicOperations.FixedTimeEquals(utf8[..length], secret);
    }
}
