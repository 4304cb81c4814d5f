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
