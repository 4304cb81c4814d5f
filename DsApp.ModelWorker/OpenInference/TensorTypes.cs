using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.OpenInference;

/// <summary>How features and predictions map to Open Inference Protocol tensor datatypes.</summary>
public static class TensorTypes
{
    public static readonly IReadOnlySet<string> Numeric = new HashSet<string>
        { "FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64" };

    /// <summary>The datatype a feature is advertised with in model metadata.</summary>
    public static string Of(FeatureColumn feature) => feature.Type switch
    {
        FeatureTypes.Number => "FP32",
        FeatureTypes.Integer => "INT64",
        FeatureTypes.Boolean => "BOOL",
        _ => "BYTES",
    };

    /// <summary>Whether a tensor of <paramref name="datatype"/> can feed <paramref name="feature"/>.</summary>
    public static bool Accepts(FeatureColumn feature, string datatype) => feature.Type switch
    {
        FeatureTypes.Number or FeatureTypes.Integer => Numeric.Contains(datatype),
        FeatureTypes.Boolean => datatype == "BOOL" || Numeric.Contains(datatype),
        _ => datatype == "BYTES",
    };

    /// <summary>
    /// Bytes one element of <paramref name="datatype"/> takes as binary tensor data (its native size; BOOL one byte);
    /// null for BYTES, whose elements carry their own length, and for types DsApp does not read.
    /// </summary>
    public static int? ElementSize(string datatype) => datatype switch
    {
        "BOOL" or "INT8" or "UINT8" => 1,
        "FP16" or "INT16" or "UINT16" => 2,
        "FP32" or "INT32" or "UINT32" => 4,
        "FP64" or "INT64" or "UINT64" => 8,
        _ => null,
    };

    public static string LabelType(ModelTask task) => task switch
    {
        ModelTask.Regression => "FP32",
        ModelTask.BinaryClassification => "BOOL",
        _ => "BYTES",
    };
}
