using System.Text.Json;
using DsApp.ModelWorker.Inference;
using DsApp.ServiceDefaults.Requests;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The body of a model repository request: none (what tritonclient sends to index), or a JSON object with the index's
/// <c>ready</c> and load's and unload's <c>parameters</c>. Anything else is an <see cref="InputException"/>.
/// </summary>
public sealed record RepositoryRequest(bool ReadyOnly, IReadOnlyDictionary<string, JsonElement> Parameters)
{
    /// <summary>A repository request carries a few flags, never tensors.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static async Task<RepositoryRequest> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var bytes = await PredictionBody.ReadBytesAsync(http, MaxBodyBytes, cancellationToken);
        if (bytes.Length == 0) return new RepositoryRequest(false, new Dictionary<string, JsonElement>());
        if (JsonContentType.Refusal(http.Request) is { } wrongType) throw PredictionBody.Refuse(wrongType, InputRefusal.UnsupportedMediaType);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw PredictionBody.Refuse($"The body is not valid JSON: {error.Message}");
        }
        PredictionBody.RefuseText(root);
        if (root.ValueKind != JsonValueKind.Object) throw PredictionBody.Refuse("The body must be a JSON object (or empty).");

        var readyOnly = false;
        if (root.TryGetProperty("ready", out var ready))
        {
            if (ready.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw PredictionBody.Refuse($"\"ready\" is {ready.GetRawText()}; it must be true or false.");
            readyOnly = ready.GetBoolean();
        }
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("parameters", out var given))
        {
            if (given.ValueKind != JsonValueKind.Object) throw PredictionBody.Refuse("\"parameters\" must be a JSON object.");
            foreach (var parameter in given.EnumerateObject()) parameters[parameter.Name] = parameter.Value;
        }
        return new RepositoryRequest(readyOnly, parameters);
    }
}
