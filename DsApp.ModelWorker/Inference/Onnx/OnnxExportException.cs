namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>An ML.NET version whose pipeline has a step ML.NET's ONNX exporter cannot write.</summary>
public sealed class OnnxExportException(string message, Exception inner) : Exception(message, inner);
