using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace DsApp.ServiceDefaults.Security;

/// <summary>How a request presented its key: <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public enum KeyPresentation
{
    None,
    Present,
    Malformed,
}

public static class PresentedKey
{
    public const string HeaderName = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// Reads the key without copying it. Malformed: an empty key, more than one value, another
    /// Authorization scheme, or two different keys in the two headers.
    /// </summary>
    public static KeyPresentation Read(HttpRequest request, out ReadOnlySpan<char> key)
    {
        key = default;
        var apiKey = request.Headers[HeaderName];
        var authorization = request.Headers.Authorization;
        if (apiKey.Count == 0 && authorization.Count == 0) return KeyPresentation.None;
        if (apiKey.Count > 1 || authorization.Count > 1) return KeyPresentation.Malformed;

        ReadOnlySpan<char> bearer = default;
        if (authorization.Count == 1)
        {
            var value = authorization.ToString().AsSpan();
            if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return KeyPresentation.Malformed;
            bearer = value[BearerPrefix.Length..].Trim();
            if (bearer.IsEmpty) return KeyPresentation.Malformed;
        }
        if (apiKey.Count == 1)
        {
            var value = ((string?)apiKey ?? "").AsSpan().Trim();
            if (value.IsEmpty) return KeyPresentation.Malformed;
            if (!bearer.IsEmpty && !bearer.SequenceEqual(value)) return KeyPresentation.Malformed;
            key = value;
            return KeyPresentation.Present;
        }
        key = bearer;
        return KeyPresentation.Present;
    }

    public static bool IsPresent(StringValues values) => values.Count > 0;
}
