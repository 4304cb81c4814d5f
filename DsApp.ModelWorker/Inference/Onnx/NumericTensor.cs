using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// A tensor of the element type a graph input declares, made from the float values a request's numbers are read into
/// (as for ML.NET). Integer and boolean inputs take only values they can hold exactly: anything else is the client's
/// mistake, an <see cref="InputException"/> naming the feature, never a silent truncation.
/// </summary>
public static class NumericTensor
{
    public static readonly IReadOnlySet<TensorElementType> Supported = new HashSet<TensorElementType>
        { TensorElementType.Float, TensorElementType.Double, TensorElementType.Int64, TensorElementType.Int32, TensorElementType.Bool };

    /// <param name="featureOf">The feature the element at a flat index comes from, for the error.</param>
    public static OrtValue Create(TensorElementType type, float[] values, long[] shape, Func<int, string> featureOf)
    {
        switch (type)
        {
            case TensorElementType.Float:
                return OrtValue.CreateTensorValueFromMemory(values, shape);
            case TensorElementType.Double:
                var doubles = new double[values.Length];
                for (var i = 0; i < values.Length; i++) doubles[i] = values[i];
                return OrtValue.CreateTensorValueFromMemory(doubles, shape);
            case TensorElementType.Int64:
                var longs = new long[values.Length];
                for (var i = 0; i < values.Length; i++) longs[i] = (long)Whole(values[i], "int64", long.MinValue, long.MaxValue, featureOf, i);
                return OrtValue.CreateTensorValueFromMemory(longs, shape);
            case TensorElementType.Int32:
                var ints = new int[values.Length];
                for (var i = 0; i < values.Length; i++) ints[i] = (int)Whole(values[i], "int32", int.MinValue, int.MaxValue, featureOf, i);
                return OrtValue.CreateTensorValueFromMemory(ints, shape);
            case TensorElementType.Bool:
                var flags = new bool[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    if (float.IsNaN(values[i])) throw InputException.For(featureOf(i), "feeds a bool input of the model's graph, which has no missing value: give true or false, not null.");
                    flags[i] = values[i] != 0;
                }
                return OrtValue.CreateTensorValueFromMemory(flags, shape);
            default:
                // Bindings are made only for the types above (Supported), so this is a bug, not a request's fault.
                throw new InvalidOperationException($"No numeric tensor of {type}.");
        }
    }

    private static double Whole(float value, string type, double min, double max, Func<int, string> featureOf, int index)
    {
        if (float.IsNaN(value)) throw InputException.For(featureOf(index), $"feeds an {type} input of the model's graph, which has no missing value: give a whole number, not null.");
        if (value != MathF.Round(value) || value < min || value > max)
            throw InputException.For(featureOf(index), $"feeds an {type} input of the model's graph: give a whole number, not {value.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }
}
