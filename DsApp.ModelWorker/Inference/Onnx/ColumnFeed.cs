using DsApp.ModelWorker.Tables;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// One input per feature, named after it, <c>[N]</c> or <c>[N,1]</c> as the graph declares (ONNX Runtime checks the rank),
/// filled from the table's column of that feature: numbers as the input's element type, text as a string tensor.
/// </summary>
public sealed class ColumnFeed(string name, int column, TensorElementType type, bool twoDimensional) : InputFeed(name)
{
    public override IReadOnlyList<string> Features => [Name];

    public override OrtValue Create(ColumnTable table, int start, int count)
    {
        long[] shape = twoDimensional ? [count, 1] : [count];
        var source = table.Columns[column];
        if (type == TensorElementType.String)
        {
            var texts = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            for (var r = 0; r < count; r++) texts.StringTensorSetElementAt(source.Texts![start + r].Span, r);
            return texts;
        }
        return NumericTensor.Create(type, source.Numbers.AsSpan(start, count).ToArray(), shape, _ => Name);
    }
}
