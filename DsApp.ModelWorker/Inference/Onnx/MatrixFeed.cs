using DsApp.ModelWorker.Tables;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// One 2-D numeric input <c>[N,F]</c> (what skl2onnx makes: <c>X</c> or <c>float_input</c>) filled row by row with every
/// feature, in the model's feature order: the table's column f is the tensor's column f.
/// </summary>
public sealed class MatrixFeed(string name, TensorElementType type, IReadOnlyList<string> features) : InputFeed(name)
{
    public override IReadOnlyList<string> Features => features;

    public override OrtValue Create(ColumnTable table, int start, int count)
    {
        var width = features.Count;
        var values = new float[count * width];
        for (var f = 0; f < width; f++)
        {
            var column = table.Columns[f].Numbers!;
            for (var r = 0; r < count; r++) values[r * width + f] = column[start + r];
        }
        return NumericTensor.Create(type, values, [count, width], i => features[i % width]);
    }
}
