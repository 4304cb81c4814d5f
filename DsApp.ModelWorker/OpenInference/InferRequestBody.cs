using System.Globalization;
using System.Text.Json;
using DsApp.ModelWorker.Inference;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// An infer request's body: the JSON inference request and the binary tensor data after it. With
/// <c>Inference-Header-Content-Length: N</c> the first N bytes are the JSON and the rest the binary tensors; without it
/// the whole body is JSON, read as predict reads it. The infer body limit holds either way.
/// </summary>
public sealed record InferRequestBody(JsonElement Json, ReadOnlyMemory<byte> Binary)
{
    /// <summary>The body, or an <see cref="InputException"/> with the status to answer (400, 413, 415).</summary>
    public static async Task<InferRequestBody> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.Headers.TryGetValue(BinaryTensorData.HeaderLength, out var declared))
        {
            var body = await PredictApi.ReadJsonBodyAsync(http, cancellationToken);
            if (body.Problem is not null)
                throw Fail("The body is not a valid JSON infer request (or is too large).", body.Problem is IStatusCodeHttpResult { StatusCode: { } code } ? code : 400);
            return new InferRequestBody(body.Json, ReadOnlyMemory<byte>.Empty);
        }

        // tritonclient's HTTP client sends no Content-Type, aiohttp-based clients application/octet-stream; the JSON
        // type is taken too, since the body opens with JSON. Anything else is not this extension.
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(mediaType) && !mediaType.Equals(BinaryTensorData.MediaType, StringComparison.OrdinalIgnoreCase)
            && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            throw Fail($"A body with {BinaryTensorData.HeaderLength} is sent as {BinaryTensorData.MediaType}, not {mediaType}.", StatusCodes.Status415UnsupportedMediaType);
        if (declared.Count != 1 || !int.TryParse(declared[0], NumberStyles.None, CultureInfo.InvariantCulture, out var headerLength))
            throw Fail($"{BinaryTensorData.HeaderLength} '{declared}' is not a number of bytes.");

        var bytes = await ReadWithinLimitAsync(http, cancellationToken);
        if (headerLength > bytes.Length)
            throw Fail($"{BinaryTensorData.HeaderLength} is {headerLength} but the body has only {bytes.Length} bytes.");
        try
        {
            using var document = JsonDocument.Parse(bytes[..headerLength]);
            return new InferRequestBody(document.RootElement.Clone(), bytes[headerLength..]);
        }
        catch (JsonException error)
        {
            throw Fail($"The first {headerLength} bytes of the body ({BinaryTensorData.HeaderLength}) are not a JSON infer request: {error.Message}");
        }
    }

    /// <summary>The whole body, or 413 past the infer limit (whether or not the client declared a Content-Length).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadWithinLimitAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<InferenceOptions>>().Value.MaxBodyBytes;
        InputException TooLarge() => Fail($"The body is over {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        if (http.Request.ContentLength > limit) throw TooLarge();
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        using var buffer = new MemoryStream((int)(http.Request.ContentLength ?? 4096));
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                // Where MaxRequestBodySize could not be set (the feature absent or already read-only), the count still stops here.
                if (buffer.Length + read > limit) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static InputException Fail(string message, int status = StatusCodes.Status400BadRequest) => InputException.For("body", message, status);
}
