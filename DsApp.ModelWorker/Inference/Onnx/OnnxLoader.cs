using DsApp.ModelWorker.Registry;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>Opens ONNX files as <see cref="OnnxPredictor"/>s, with the session settings of this service.</summary>
public sealed class OnnxLoader(IOptions<InferenceOptions> options)
{
    /// <summary>
    /// A predictor for <paramref name="file"/> answering as a <paramref name="task"/> model of <paramref name="features"/>,
    /// or an <see cref="OnnxModelException"/> saying why the file cannot be one.
    /// </summary>
    public OnnxPredictor Load(byte[] file, IReadOnlyList<string> features, ModelTask task)
    {
        // Requests already run in parallel on Kestrel's threads: one thread per Run by default, so a session does not fight
        // them for the cores (Inference:OnnxIntraOpThreads raises it; 0 is ONNX Runtime's default, one per core).
        // Sequential execution: inter-op threads would only serve parallel branches of a graph, which these models lack.
        using var settings = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = options.Value.OnnxIntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(file, settings);
        }
        catch (OnnxRuntimeException error)
        {
            throw new OnnxModelException("body", error.Message.StartsWith("[ErrorCode:InvalidProtobuf]", StringComparison.Ordinal)
                ? "The file is not an ONNX model, or it is cut short: ONNX Runtime could not parse it."
                : $"ONNX Runtime cannot load the graph: {OnnxErrors.Describe(error)}", error);
        }
        return new OnnxPredictor(session, features, task, file.LongLength);
    }
}
