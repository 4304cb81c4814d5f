using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>How the graph's declared values are named and recognised: ONNX's own element type names, ZipMap's sequence of maps.</summary>
public static class OnnxTypes
{
    /// <summary>ONNX's name of an element type (<c>float</c>, <c>int64</c>, <c>string</c>…).</summary>
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float",
        TensorElementType.Double => "double",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.String => "string",
        TensorElementType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    public static bool IsTensor(NodeMetadata value) => value.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR;

    public static bool IsTensorOf(NodeMetadata value, params TensorElementType[] types) =>
        IsTensor(value) && types.Contains(value.ElementDataType);

    /// <summary>ZipMap's output: a sequence (one per row) of maps from class (int64 or string) to probability (float).</summary>
    public static bool IsZipMap(NodeMetadata value)
    {
        if (value.OnnxValueType != OnnxValueType.ONNX_TYPE_SEQUENCE) return false;
        var element = value.AsSequenceMetadata().ElementMeta;
        if (element.OnnxValueType != OnnxValueType.ONNX_TYPE_MAP) return false;
        var map = element.AsMapMetadata();
        return map.KeyDataType is TensorElementType.Int64 or TensorElementType.String
            && IsTensorOf(map.ValueMetadata, TensorElementType.Float);
    }

    /// <summary>The value's type as DsApp shows it: the element type of a tensor, <c>seq(map(int64,float))</c> for a ZipMap, else ONNX's kind.</summary>
    public static string Describe(NodeMetadata value)
    {
        if (IsTensor(value)) return Name(value.ElementDataType);
        if (IsZipMap(value))
        {
            var map = value.AsSequenceMetadata().ElementMeta.AsMapMetadata();
            return $"seq(map({Name(map.KeyDataType)},{Name(map.ValueMetadata.ElementDataType)}))";
        }
        return value.OnnxValueType switch
        {
            OnnxValueType.ONNX_TYPE_SEQUENCE => "sequence",
            OnnxValueType.ONNX_TYPE_MAP => "map",
            OnnxValueType.ONNX_TYPE_SPARSETENSOR => "sparse tensor",
            OnnxValueType.ONNX_TYPE_OPTIONAL => "optional",
            _ => "unknown",
        };
    }

    /// <summary>A tensor's declared shape, -1 for a free dimension; null for a value that is not a tensor.</summary>
    public static long[]? Shape(NodeMetadata value) => IsTensor(value) ? value.Dimensions.Select(d => (long)d).ToArray() : null;

    /// <summary><c>X float [-1,4]</c>: how an error names a value.</summary>
    public static string Show(string name, NodeMetadata value) =>
        Shape(value) is { } shape ? $"{name} {Describe(value)} [{string.Join(",", shape)}]" : $"{name} {Describe(value)}";

    public static string ShowAll(IEnumerable<KeyValuePair<string, NodeMetadata>> values) =>
        string.Join("; ", values.Select(v => Show(v.Key, v.Value)));

    /// <summary>A tensor of one value per row: <c>[N]</c> or <c>[N,1]</c> (a free second dimension is taken as 1).</summary>
    public static bool IsPerRow(NodeMetadata value) =>
        IsTensor(value) && value.Dimensions is [_] or [_, 1 or -1];
}
