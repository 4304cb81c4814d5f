using System.Text.Json;

namespace DsApp.ModelWorker.Monitoring;

/// <summary>The share of a model's online predictions whose inputs and answers are kept in the capture dataset (off when absent).</summary>
public sealed record CaptureRule(int Percent)
{
    /// <summary>Reads <c>{"percent": p}</c> (0–100) or null (off) from a merge patch; an error message otherwise.</summary>
    public static bool TryRead(JsonElement value, out CaptureRule? rule, out string? error)
    {
        rule = null;
        error = null;
        if (value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("percent", out var percent) && percent.TryGetInt32(out var p) && p is >= 0 and <= 100
            && value.EnumerateObject().All(x => x.Name == "percent"))
        {
            rule = p == 0 ? null : new CaptureRule(p);
            return true;
        }
        error = "must be {\"percent\": p} with p between 0 and 100, or null (capture off).";
        return false;
    }
}
