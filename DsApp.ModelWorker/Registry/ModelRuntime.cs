namespace DsApp.ModelWorker.Registry;

/// <summary>What runs a version's model file: <c>mlnet</c> (an ML.NET zip, the default of manifests written before ONNX) or <c>onnx</c>.</summary>
public enum ModelRuntime
{
    Mlnet,
    Onnx,
}
