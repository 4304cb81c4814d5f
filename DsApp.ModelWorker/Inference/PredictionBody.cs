using System.Text.Json;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.Requests;
using Microsoft.AspNetCore.Http.Features;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Reads the body of a predict or infer request within the one body limit (<see cref="InferenceOptions.MaxBodyBytes"/>),
/// whichever protocol sent it. A body the request cannot be read from is an <see cref="InputException"/> on the field
/// <c>body</c>: <see cref="InputRefusal.UnsupportedMediaType"/>, <see cref="InputRefusal.TooLarge"/> or invalid.
/// </summary>
public static class PredictionBody
{
    /// <summary>A JSON body, its Content-Type as <see cref="JsonContentType"/> says (none only on <c>/v2</c>).</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpContext http, long limit, CancellationToken cancellationToken)
    {
        if (JsonContentType.Refusal(http.Request) is { } wrongType) throw Refuse(wrongType, InputRefusal.UnsupportedMediaType);
        if (http.Request.ContentLength > limit) throw TooLarge(limit);
        LimitTo(http, limit);
        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, default, cancellationToken);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw Refuse($"The body is not valid JSON: {error.Message}");
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        RefuseText(root);
        return root;
    }

    /// <summary>The whole body as bytes, whether or not the client declared a Content-Length.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpContext http, long limit, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > limit) throw TooLarge(limit);
        LimitTo(http, limit);
        using var buffer = new MemoryStream((int)Math.Min(http.Request.ContentLength ?? 4096, limit));
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                // Where MaxRequestBodySize could not be set (the feature absent or already read-only), the count still stops here.
                if (buffer.Length + read > limit) throw TooLarge(limit);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static InputException Refuse(string message, InputRefusal refusal = InputRefusal.Invalid) => InputException.For("body", message, refusal);

    /// <summary>Refuses a parsed body whose strings are not Unicode text, before anything reads one.</summary>
    public static void RefuseText(JsonElement root)
    {
        if (JsonUnicode.Fault(root) is { } fault) throw Refuse($"The body's JSON text {fault}.");
    }

    private static InputException TooLarge(long limit) => Refuse($"The body is over {limit} bytes.", InputRefusal.TooLarge);

    /// <summary>Has Kestrel stop a body streamed past the limit (a chunked body declares no length to check first).</summary>
    private static void LimitTo(HttpContext http, long limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
    }
}
