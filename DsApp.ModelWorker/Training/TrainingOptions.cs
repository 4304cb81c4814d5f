using System.Text.Json;
using DsApp.ModelWorker.Http;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// The <c>options</c> of a training request: how features are encoded and a few trainer knobs.
/// Unknown options are refused, so a typo does not train silently with defaults.
/// </summary>
public sealed record TrainingOptions(
    string Normalization = "min-max",
    int OneHotMaxCategories = 64,
    int HashBits = 12,
    int? Iterations = null,
    int? Leaves = null,
    double? LearningRate = null)
{
    public static readonly TrainingOptions Default = new();

    public static bool TryRead(JsonElement? element, out TrainingOptions options, out string? error)
    {
        options = Default;
        error = null;
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            if (element is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) }) error = "options must be an object.";
            return error is null;
        }
        foreach (var property in value.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "normalization" when v.ValueKind == JsonValueKind.String && v.GetString() is "min-max" or "mean-variance":
                    options = options with { Normalization = v.GetString()! };
                    break;
                case "oneHotMaxCategories" when JsonNumbers.TryGetInt32(v, out var n) && n is >= 1 and <= 10_000:
                    options = options with { OneHotMaxCategories = n };
                    break;
                case "hashBits" when JsonNumbers.TryGetInt32(v, out var n) && n is >= 1 and <= 20:
                    options = options with { HashBits = n };
                    break;
                case "iterations" when JsonNumbers.TryGetInt32(v, out var n) && n is >= 1 and <= 10_000:
                    options = options with { Iterations = n };
                    break;
                case "leaves" when JsonNumbers.TryGetInt32(v, out var n) && n is >= 2 and <= 1024:
                    options = options with { Leaves = n };
                    break;
                case "learningRate" when JsonNumbers.TryGetDouble(v, out var rate) && rate is > 0 and <= 1:
                    options = options with { LearningRate = rate };
                    break;
                case "normalization" or "oneHotMaxCategories" or "hashBits" or "iterations" or "leaves" or "learningRate":
                    error = $"options.{property.Name} has a value out of range or of the wrong type.";
                    return false;
                default:
                    error = $"options.{property.Name} is not an option (known: normalization, oneHotMaxCategories, hashBits, iterations, leaves, learningRate).";
                    return false;
            }
        }
        return true;
    }
}
