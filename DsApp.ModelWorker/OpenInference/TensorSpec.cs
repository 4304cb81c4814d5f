using DsApp.ModelWorker.Inference;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// A tensor a version takes or gives, as model metadata lists it: one input per feature <c>[-1]</c>, the label <c>[-1]</c>
/// and a classifier's probabilities <c>[-1, K]</c> with its classes. Metadata and the model config describe the same tensors.
/// </summary>
public sealed record TensorSpec(string Name, string Datatype, int[] Shape, IReadOnlyDictionary<string, string> Parameters)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static IReadOnlyList<TensorSpec> Inputs(LoadedModel model) =>
        model.Layout.Features.Select(f => new TensorSpec(f.Name, TensorTypes.Of(f), [-1], None)).ToList();

    public static IReadOnlyList<TensorSpec> Outputs(LoadedModel model)
    {
        var outputs = new List<TensorSpec> { new(OutputTensor.Label, TensorTypes.LabelType(model.Task), [-1], None) };
        if (OutputTensor.ClassesOf(model) is { } classes)
            outputs.Add(new TensorSpec(OutputTensor.Probabilities, "FP32", [-1, classes.Count], new Dictionary<string, string> { ["classes"] = string.Join(",", classes) }));
        return outputs;
    }
}
