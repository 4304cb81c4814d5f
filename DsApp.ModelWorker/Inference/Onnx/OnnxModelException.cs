namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// An ONNX file that cannot be served as the model it was given to: it does not load, or its inputs cannot be fed from the
/// model's features, or its outputs do not answer the model's task. <see cref="Field"/> names what is wrong for the 400
/// (<c>body</c>: the file itself; <c>features</c>: the mapping of features to the graph's inputs).
/// </summary>
public sealed class OnnxModelException(string field, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Field { get; } = field;
}
