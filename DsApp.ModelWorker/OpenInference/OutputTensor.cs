using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// One output tensor of an infer answer, its data kept typed (<c>string[]</c> for BYTES, <c>bool[]</c> for BOOL,
/// <c>float[]</c> for FP32, row-major) until the answer is written as JSON or as binary data.
/// </summary>
public sealed record OutputTensor(string Name, string Datatype, int[] Shape, IReadOnlyDictionary<string, string> Parameters, Array Data)
{
    public const string Label = "predicted_label";
    public const string Probabilities = "probabilities";

    /// <summary>The outputs a version gives: a label, and for a classifier the class probabilities.</summary>
    public static IReadOnlyList<string> Available(LoadedModel model) => ClassesOf(model) is null ? [Label] : [Label, Probabilities];

    /// <summary>Class names of a classifier, in the order of the <c>probabilities</c> columns (binary: false, true); null for regression.</summary>
    public static IReadOnlyList<string>? ClassesOf(LoadedModel model) => model.Task switch
    {
        ModelTask.Regression => null,
        ModelTask.BinaryClassification => ["false", "true"],
        _ => model.Classes,
    };

    /// <summary>The outputs asked for (name → as binary data), in the order infer answers them.</summary>
    public static IReadOnlyList<(OutputTensor Tensor, bool Binary)> For(PredictionResult result, IReadOnlyDictionary<string, bool> wanted)
    {
        var outputs = new List<(OutputTensor, bool)>();
        if (wanted.TryGetValue(Label, out var labelBinary)) outputs.Add((Labels(result.Model, result.Predictions), labelBinary));
        if (ClassesOf(result.Model) is { } classes && wanted.TryGetValue(Probabilities, out var probabilitiesBinary))
            outputs.Add((ClassProbabilities(result.Model, result.Predictions, classes), probabilitiesBinary));
        return outputs;
    }

    /// <summary><c>predicted_label</c>, <c>[N]</c>: the class name (BYTES), the flag of a binary classifier (BOOL) or the value (FP32).</summary>
    public static OutputTensor Labels(LoadedModel model, Prediction[] predictions)
    {
        Array data = model.Task switch
        {
            ModelTask.Regression => predictions.Select(p => p.Value).ToArray(),
            ModelTask.BinaryClassification => predictions.Select(p => p.Flag).ToArray(),
            _ => predictions.Select(p => model.ClassName(p.ClassIndex)).ToArray(),
        };
        return new OutputTensor(Label, TensorTypes.LabelType(model.Task), [predictions.Length], new Dictionary<string, string>(), data);
    }

    /// <summary><c>probabilities</c>, FP32 <c>[N,K]</c> in the order of <paramref name="classes"/> (a binary classifier: false, true).</summary>
    public static OutputTensor ClassProbabilities(LoadedModel model, Prediction[] predictions, IReadOnlyList<string> classes)
    {
        var data = new float[predictions.Length * classes.Count];
        var at = 0;
        foreach (var p in predictions)
        {
            if (model.Task == ModelTask.BinaryClassification)
            {
                data[at++] = 1 - p.Probability;
                data[at++] = p.Probability;
            }
            else
            {
                // A model whose scores do not match its classes is the server's fault, not the client's: say so, never pad.
                if (p.Probabilities!.Length != classes.Count)
                    throw new InvalidOperationException($"Version {model.Version} of {model.Name} scores {p.Probabilities.Length} classes but names {classes.Count}.");
                p.Probabilities.CopyTo(data, at);
                at += classes.Count;
            }
        }
        return new OutputTensor(Probabilities, "FP32", [predictions.Length, classes.Count],
            new Dictionary<string, string> { ["classes"] = string.Join(",", classes) }, data);
    }
}
