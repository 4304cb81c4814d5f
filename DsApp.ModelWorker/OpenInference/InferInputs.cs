using System.Text.Json;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>
/// An infer request's rows for the prediction pipeline: its input tensors (JSON or binary) read by the chosen version's
/// layout. The outputs it asks for are checked against that version in the same step, so a request for an output the model
/// does not give is refused before anything is predicted, cached or captured.
/// </summary>
public sealed class InferInputs(InferRequestBody body) : IPredictionInput
{
    /// <summary>Output name → as binary data; set once <see cref="Read"/> has run.</summary>
    public IReadOnlyDictionary<string, bool> Outputs { get; private set; } = new Dictionary<string, bool>();

    /// <summary>The request's <c>id</c>, or a new one: the answer carries it. An <c>id</c> that is not a string is refused here.</summary>
    public string Id { get; } = InferRequestShape.Id(body.Json) ?? Guid.NewGuid().ToString("N");

    public ColumnTable Read(LoadedModel version, int maxRows)
    {
        var table = TensorReader.Read(version.Layout, body.Json, body.Binary, maxRows);
        Outputs = RequestedOutputs.Read(body.Json, OutputTensor.Available(version));
        return table;
    }
}
