using System.Text.Json;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// Adaptive batching of a model (off when absent): concurrent requests for the same loaded version are joined into one
/// call of its runtime, up to <see cref="MaxBatchSize"/> rows, waiting at most <see cref="MaxBatchDelayMs"/> after the
/// first row for others to join (see <see cref="Inference.PredictionBatcher"/>).
/// </summary>
public sealed record BatchingRule(int MaxBatchSize, int MaxBatchDelayMs)
{
    public const int SmallestBatch = 2, LargestBatch = 1024, LongestDelayMs = 100;

    /// <summary>
    /// Reads <c>{"maxBatchSize": n, "maxBatchDelayMs": d}</c> or null (off) from a merge patch, merged into
    /// <paramref name="current"/> (a field left out keeps its value). Errors are added under the field they name.
    /// </summary>
    public static BatchingRule? Read(JsonElement value, BatchingRule? current, IDictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors["batching"] = ["must be {\"maxBatchSize\": n, \"maxBatchDelayMs\": d} or null (batching off)."];
            return current;
        }
        var size = current?.MaxBatchSize;
        var delay = current?.MaxBatchDelayMs;
        foreach (var part in value.EnumerateObject())
        {
            switch (part.Name)
            {
                case "maxBatchSize" when part.Value.TryGetInt32(out var n) && n is >= SmallestBatch and <= LargestBatch:
                    size = n;
                    break;
                case "maxBatchSize":
                    errors["batching.maxBatchSize"] = [$"must be a whole number of rows from {SmallestBatch} to {LargestBatch}."];
                    break;
                case "maxBatchDelayMs" when part.Value.TryGetInt32(out var d) && d is >= 0 and <= LongestDelayMs:
                    delay = d;
                    break;
                case "maxBatchDelayMs":
                    errors["batching.maxBatchDelayMs"] = [$"must be a whole number of milliseconds from 0 to {LongestDelayMs}."];
                    break;
                default:
                    errors[$"batching.{part.Name}"] = ["is not a batching setting (maxBatchSize, maxBatchDelayMs)."];
                    break;
            }
        }
        if (size is null || delay is null)
        {
            if (!errors.Keys.Any(k => k.StartsWith("batching", StringComparison.Ordinal)))
                errors["batching"] = ["needs both maxBatchSize and maxBatchDelayMs."];
            return current;
        }
        return new BatchingRule(size.Value, delay.Value);
    }
}
