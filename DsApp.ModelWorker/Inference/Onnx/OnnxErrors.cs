using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>ONNX Runtime's error messages as a client reads them: without the error-code prefix.</summary>
public static partial class OnnxErrors
{
    public static string Describe(OnnxRuntimeException error) => ErrorCodePrefix().Replace(error.Message, "").Trim();

    [GeneratedRegex(@"^\[ErrorCode:\w+\]\s*")]
    private static partial Regex ErrorCodePrefix();
}
