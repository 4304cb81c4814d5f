using System.Text.Json;
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
    /// A JSON element of a tensor of <paramref name="datatype"/> as a number, or false when it is not a value of that
    /// datatype: a whole number in range for the integer types, a finite number in range for the float ones, true or false
    /// for BOOL. Text (BYTES) is read apart.
    /// </summary>
    public static bool TryReadJson(JsonElement value, string datatype, out float number)
    {
        number = 0;
        if (datatype == "BOOL")
        {
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return false;
            number = value.GetBoolean() ? 1 : 0;
            return true;
        }
        if (value.ValueKind != JsonValueKind.Number) return false;
        if (datatype == "UINT64")
        {
            if (!value.TryGetUInt64(out var unsigned)) return false;
            number = unsigned;
            return true;
        }
        if (IntegerRange(datatype) is { } range)
        {
            if (!value.TryGetInt64(out var whole) || whole < range.Min || whole > range.Max) return false;
            number = whole;
            return true;
        }
        if (!value.TryGetDouble(out var real) || !double.IsFinite(real) || Math.Abs(real) > FloatMax(datatype)) return false;
        number = (float)real;
        return true;
    }

    /// <summary>What a JSON element of <paramref name="datatype"/> must be, for an error to say.</summary>
    public static string Describe(string datatype) => datatype switch
    {
        "BOOL" => "true or false",
        "UINT64" => "a whole number from 0 to 18446744073709551615",
        _ when IntegerRange(datatype) is { } range => $"a whole number from {range.Min} to {range.Max}",
        _ => $"a finite number of at most {FloatMax(datatype):G9} in magnitude",
    };

    private static (long Min, long Max)? IntegerRange(string datatype) => datatype switch
    {
        "INT8" => (sbyte.MinValue, sbyte.MaxValue),
        "INT16" => (short.MinValue, short.MaxValue),
        "INT32" => (int.MinValue, int.MaxValue),
        "INT64" => (long.MinValue, long.MaxValue),
        "UINT8" => (0, byte.MaxValue),
        "UINT16" => (0, ushort.MaxValue),
        "UINT32" => (0, uint.MaxValue),
        _ => null,
    };

    /// <summary>The largest magnitude a float datatype holds; a feature is read as FP32, so FP64 values must fit it too.</summary>
    private static double FloatMax(string datatype) => datatype == "FP16" ? (double)Half.MaxValue : float.MaxValue;

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
