using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// An ML.NET version's model as an ONNX graph (ML.NET's own exporter, Microsoft.ML.OnnxConverter), so a model trained in
/// DsApp runs anywhere ONNX does: one input per feature, named after it, <c>[N,1]</c>; outputs named after ML.NET's
/// columns with <c>.output</c> (<c>PredictedLabel.output</c>, <c>Score.output</c>, <c>Probability.output</c>).
/// </summary>
public static class MlNetOnnxExport
{
    /// <summary>The ONNX file, or an <see cref="OnnxExportException"/> when the pipeline has a step the exporter cannot write.</summary>
    public static byte[] Export(Stream zip, IReadOnlyList<FeatureColumn> features)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(zip, out _);
        // The exporter reads only the schema: no row is needed, just the columns the version binds to.
        var inputs = new ColumnTable(features.Select(f => FeatureTypes.KindOf(f.Type) == ColumnKind.Text
            ? TableColumn.Text(f.Name, [])
            : TableColumn.Number(f.Name, [])).ToList());
        using var file = new MemoryStream();
        try
        {
            ml.Model.ConvertToOnnx(model, inputs.AsDataView(), file);
        }
        catch (Exception error) when (error is NotSupportedException or NotImplementedException or InvalidOperationException)
        {
            throw new OnnxExportException($"ML.NET cannot write this version's pipeline as ONNX: {error.Message}", error);
        }
        return file.ToArray();
    }
}
