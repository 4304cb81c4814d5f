namespace DsApp.ModelWorker.Registry;

/// <summary>An ONNX version's graph: its inputs and outputs, and how DsApp maps the model's features and answers onto them.</summary>
public sealed record OnnxGraph(IReadOnlyList<GraphValue> Inputs, IReadOnlyList<GraphValue> Outputs);
