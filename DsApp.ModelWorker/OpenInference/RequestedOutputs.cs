using System.Text.Json;
using DsApp.ModelWorker.Inference;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// The outputs an infer request asks for (all of them when it names none) and, for each, whether it comes back as
/// binary data: the output's <c>parameters.binary_data</c>, else the request's <c>parameters.binary_data_output</c>,
/// else JSON.
/// </summary>
public static class RequestedOutputs
{
    /// <summary>Output name → as binary data; an <see cref="InputException"/> for an output the model does not give.</summary>
    public static IReadOnlyDictionary<string, bool> Read(JsonElement request, IReadOnlyList<string> available)
    {
        var allBinary = false;
        if (InferRequestShape.Parameters(request, "the request") is { } parameters)
            allBinary = Flag(parameters, BinaryTensorData.AllOutputsAsBinary, "the request") ?? false;

        var wanted = new Dictionary<string, bool>();
        if (InferRequestShape.Outputs(request) is not { } outputs)
        {
            foreach (var name in available) wanted[name] = allBinary;
            return wanted;
        }
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
                throw Fail($"every item of \"outputs\" is an object with a \"name\"; {output.GetRawText()} is not.");
            var name = n.GetString()!;
            if (!available.Contains(name))
                throw Fail($"output '{name}' does not exist; this model gives {string.Join(" and ", available)}.");
            var binary = allBinary;
            if (InferRequestShape.Parameters(output, $"output '{name}'") is { } own)
            {
                // Triton's classification extension would change the output's shape; answering the plain tensor instead would mislead.
                if (own.TryGetProperty("classification", out _))
                    throw Fail($"output '{name}' asks for classification, an extension DsApp does not serve; ask for probabilities instead.");
                binary = Flag(own, BinaryTensorData.OutputAsBinary, $"output '{name}'") ?? allBinary;
            }
            wanted[name] = binary;
        }
        return wanted;
    }

    private static bool? Flag(JsonElement parameters, string name, string owner)
    {
        if (!parameters.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail($"{owner} has {name} {value.GetRawText()}; it must be true or false."),
        };
    }

    private static InputException Fail(string message) => InputException.For("outputs", message);
}
