using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DsApp.Platform.Contracts;

/// <summary>Optimistic concurrency as the contract asks: resources carry an ETag; <c>If-Match</c> on a write must match it.</summary>
public static class EntityTags
{
    /// <summary>A strong ETag as sent in the header: the resource's etag value in quotes.</summary>
    public static string Quote(string etag) => $"\"{etag}\"";

    /// <summary>
    /// True when the request has no <c>If-Match</c>, or one that matches <paramref name="currentEtag"/> (or <c>*</c> for any
    /// existing resource). An If-Match that is not <c>*</c> or a list of quoted entity tags matches nothing: a write is not
    /// made on a condition that cannot be read (the lenient parse would drop it and let the write through).
    /// </summary>
    public static bool IfMatchAllows(HttpRequest request, string? currentEtag)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0) return true;
        if (currentEtag is null || !EntityTagHeaderValue.TryParseStrictList(values, out var ifMatch)) return false;
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.AsSpan().Trim('"').SequenceEqual(currentEtag));
    }
}
