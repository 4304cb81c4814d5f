using System.Globalization;
using System.Text.Json;
using DsApp.ModelWorker.Inference;
using DsApp.ServiceDefaults.Requests;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// An infer request's body: the JSON inference request and the binary tensor data after it. With
/// <c>Inference-Header-Content-Length: N</c> the first N bytes are the JSON and the rest the binary tensors; without it
/// the whole body is JSON, read as predict reads it. The one predict and infer body limit holds either way.
/// </summary>
public sealed record InferRequestBody(JsonElement Json, ReadOnlyMemory<byte> Binary)
{
    /// <summary>The body, or an <see cref="InputException"/> saying why it cannot be read.</summary>
    public static async Task<InferRequestBody> ReadAsync(HttpContext http, long limit, CancellationToken cancellationToken)
    {
        if (!http.Request.Headers.TryGetValue(BinaryTensorData.HeaderLength, out var declared))
            return new InferRequestBody(await PredictionBody.ReadJsonAsync(http, limit, cancellationToken), ReadOnlyMemory<byte>.Empty);

        // tritonclient's HTTP client sends no Content-Type, aiohttp-based clients application/octet-stream; the JSON
        // type is taken too, since the body opens with JSON. Anything else is not this extension.
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(mediaType) && !mediaType.Equals(BinaryTensorData.MediaType, StringComparison.OrdinalIgnoreCase)
            && JsonContentType.Refusal(http.Request) is not null)
            throw PredictionBody.Refuse($"A body with {BinaryTensorData.HeaderLength} is sent as {BinaryTensorData.MediaType}, not {mediaType}.", InputRefusal.UnsupportedMediaType);
        if (declared.Count != 1 || !int.TryParse(declared[0], NumberStyles.None, CultureInfo.InvariantCulture, out var headerLength))
            throw PredictionBody.Refuse($"{BinaryTensorData.HeaderLength} '{declared}' is not a number of bytes.");

        var bytes = await PredictionBody.ReadBytesAsync(http, limit, cancellationToken);
        if (headerLength > bytes.Length)
            throw PredictionBody.Refuse($"{BinaryTensorData.HeaderLength} is {headerLength} but the body has only {bytes.Length} bytes.");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes[..headerLength]);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw PredictionBody.Refuse($"The first {headerLength} bytes of the body ({BinaryTensorData.HeaderLength}) are not a JSON infer request: {error.Message}");
        }
        PredictionBody.RefuseText(root);
        return new InferRequestBody(root, bytes[headerLength..]);
    }
}
