using DsApp.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// The one rule for a JSON request body, on every endpoint that takes one: its Content-Type is <c>application/json</c>
/// or a <c>+json</c> type (a charset, if named, is UTF-8); a PATCH takes <c>application/merge-patch+json</c> (RFC 7396)
/// or <c>application/json</c>. Anything else, or none, is a 415 naming what was sent and what is taken. The one
/// exception is <c>/v2/**</c>, where a body without a Content-Type is JSON: Triton's Python client sends none.
/// </summary>
public static class JsonContentType
{
    public const string MergePatch = "application/merge-patch+json";

    /// <summary>Why the request's Content-Type is not one its JSON body may have, or null when it is.</summary>
    public static string? Refusal(HttpRequest request)
    {
        var given = request.ContentType;
        if (string.Equals(given, "application/json", StringComparison.OrdinalIgnoreCase)) return null;
        var patch = HttpMethods.IsPatch(request.Method);
        var taken = patch ? $"{MergePatch} (RFC 7396) or application/json" : "application/json (or a +json type)";
        if (string.IsNullOrWhiteSpace(given))
            return OpenInferencePaths.Contains(request.Path) ? null : $"The request has no Content-Type: send the body as {taken}.";
        if (!MediaTypeHeaderValue.TryParse(given, out var media))
            return $"Content-Type '{given}' cannot be read as a media type: send the body as {taken}.";
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return $"Content-Type '{given}' names the charset {media.Charset}; a JSON body is UTF-8 (RFC 8259).";
        var type = media.MediaType.Value ?? "";
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        var accepted = patch
            ? json || type.Equals(MergePatch, StringComparison.OrdinalIgnoreCase)
            : json || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        return accepted ? null : $"Content-Type '{given}' is not taken here: send the body as {taken}.";
    }
}
