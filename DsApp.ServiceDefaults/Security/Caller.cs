using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as far as the services can tell: the name of the key the client presented. The gateway keeps the key
/// and names its owner in <see cref="Header"/>; a service believes that header only on a call that proved it came from
/// inside the app (<see cref="InternalCall"/>), and on a call with a key of its own takes the key's name instead. Null:
/// a call from inside the app on nobody's behalf, or one that nothing identifies.
/// </summary>
public static class Caller
{
    public const string Header = "X-DsApp-Caller";
    private const int MaxHeaderLength = 1024;
    private static readonly object ItemKey = new();

    public static string? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var name) ? name as string : null;

    public static void Set(HttpContext context, string? name) => context.Items[ItemKey] = name;

    /// <summary>The name as a header value: key names come from configuration and may hold what a header cannot.</summary>
    public static string Encode(string name) => Uri.EscapeDataString(name);

    /// <summary>The name the gateway forwarded, or null when there is none (or more than one).</summary>
    public static string? FromHeader(HttpRequest request)
    {
        var values = request.Headers[Header];
        return values.Count == 1 && values[0] is { Length: > 0 and <= MaxHeaderLength } encoded ? Uri.UnescapeDataString(encoded) : null;
    }
}
