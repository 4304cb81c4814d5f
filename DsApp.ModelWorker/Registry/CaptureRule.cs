using System.Text.Json;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Registry;

/// <summary>The share of a model's online predictions whose inputs and answers are kept in the capture dataset (off when absent).</summary>
public sealed record CaptureRule(int Percent)
{
    /// <summary>
    /// Reads <c>{"percent": p}</c> (0–100) or null (off) from a merge patch; otherwise the field at fault
    /// (<c>capture</c> or <c>capture.percent</c>) and why.
    /// </summary>
    public static bool TryRead(JsonElement value, out CaptureRule? rule, out KeyValuePair<string, string> error)
    {
        rule = null;
        error = default;
        if (value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("percent", out var percent)
            || value.EnumerateObject().Any(x => x.Name != "percent"))
        {
            error = new("capture", "must be {\"percent\": p} with p between 0 and 100, or null (capture off).");
            return false;
        }
        if (!JsonNumbers.TryGetInt32(percent, out var p) || p is < 0 or > 100)
        {
            error = new("capture.percent", "must be a whole number between 0 and 100.");
            return false;
        }
        rule = p == 0 ? null : new CaptureRule(p);
        return true;
    }
}
