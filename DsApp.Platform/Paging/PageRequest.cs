using System.Buffers.Text;
using System.Text;

namespace DsApp.Platform.Paging;

/// <summary>
/// <c>?limit=</c> (default 50, max 500) and <c>?cursor=</c>. The cursor is opaque to clients:
/// the base64url of the last key of the previous page, so a page resumes after it.
/// </summary>
public sealed record PageRequest(int Limit, string? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Reads the query values, or says which one is wrong.</summary>
    public static bool TryParse(int? limit, string? cursor, out PageRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        request = new PageRequest(DefaultLimit, null);
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = DecodeCursor(cursor);
            if (after is null) errors["cursor"] = ["cursor is not one this API gave out."];
        }
        if (errors.Count > 0) return false;
        request = new PageRequest(limit ?? DefaultLimit, after);
        return true;
    }

    public static string EncodeCursor(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    private static string? DecodeCursor(string cursor)
    {
        try { return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)); }
        catch (FormatException) { return null; }
    }
}
