using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// How a version's features fill the graph's inputs, worked out from what the graph declares. Two layouts are mapped:
/// one 2-D numeric tensor <c>[N,F]</c> taking every feature in the model's order, or one tensor per feature, named after
/// it, <c>[N]</c> or <c>[N,1]</c>. Anything else is an <see cref="OnnxModelException"/> that says what cannot be mapped.
/// </summary>
public sealed class OnnxInputs
{
    private OnnxInputs(IReadOnlyList<FeatureColumn> features, IReadOnlyList<InputFeed> feeds, int? fixedBatch)
    {
        Features = features;
        Feeds = feeds;
        Names = feeds.Select(f => f.Name).ToArray();
        FixedBatch = fixedBatch;
    }

    /// <summary>The version's inputs: the features in order, typed by the graph input each one feeds.</summary>
    public IReadOnlyList<FeatureColumn> Features { get; }

    public IReadOnlyList<InputFeed> Feeds { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>1 when the graph takes one row at a time (a fixed batch dimension of 1); null when its batch is free.</summary>
    public int? FixedBatch { get; }

    /// <param name="features">The model's features in their declared order; empty when the model declares none (then the
    /// graph's inputs, one per column, name them).</param>
    public static OnnxInputs Bind(InferenceSession session, IReadOnlyList<string> features)
    {
        var inputs = session.InputNames.Select(n => KeyValuePair.Create(n, session.InputMetadata[n])).ToList();
        if (inputs.Count == 0) throw new OnnxModelException("body", "The graph has no input.");
        var batch = FixedBatchOf(inputs);
        if (features.Count == 0)
        {
            if (inputs.Any(i => !OnnxTypes.IsPerRow(i.Value)))
                throw new OnnxModelException("features", $"The model declares no features, and the graph's inputs ({OnnxTypes.ShowAll(inputs)}) are not one per column: create the model with its features, in the order of the graph's columns.");
            return Columns(inputs, inputs.Select(i => i.Key).ToList(), batch);
        }
        if (inputs is [var only] && !features.Contains(only.Key)) return Matrix(only, features, batch);
        return Columns(inputs, features, batch);
    }

    private static OnnxInputs Matrix(KeyValuePair<string, NodeMetadata> input, IReadOnlyList<string> features, int? batch)
    {
        var (name, value) = input;
        if (!OnnxTypes.IsTensorOf(value, TensorElementType.Float, TensorElementType.Double, TensorElementType.Int64, TensorElementType.Int32)
            || value.Dimensions.Length != 2)
            throw new OnnxModelException("features", $"The graph's one input, {OnnxTypes.Show(name, value)}, is neither a numeric [N,F] tensor taking the model's features ({string.Join(", ", features)}) in order, nor named after one of them.");
        var width = value.Dimensions[1];
        if (width != -1 && width != features.Count)
            throw new OnnxModelException("features", $"The graph's input {OnnxTypes.Show(name, value)} takes {width} columns but the model has {features.Count} features ({string.Join(", ", features)}).");
        var columns = features.Select(f => new FeatureColumn(f, FeatureTypes.Number)).ToList();
        return new OnnxInputs(columns, [new MatrixFeed(name, value.ElementDataType, features)], batch);
    }

    private static OnnxInputs Columns(List<KeyValuePair<string, NodeMetadata>> inputs, IReadOnlyList<string> features, int? batch)
    {
        var byName = inputs.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);
        var unfed = inputs.Where(i => !features.Contains(i.Key)).Select(i => OnnxTypes.Show(i.Key, i.Value)).ToList();
        if (unfed.Count > 0)
            throw new OnnxModelException("features", $"The graph's input(s) {string.Join("; ", unfed)} are not features of the model ({string.Join(", ", features)}), so nothing could feed them; DsApp maps one [N,F] input taking every feature, or one input per feature named after it.");
        var missing = features.Where(f => !byName.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw new OnnxModelException("features", $"The graph has no input for feature(s) {string.Join(", ", missing)}; its inputs are {OnnxTypes.ShowAll(inputs)}.");

        var columns = new List<FeatureColumn>(features.Count);
        var feeds = new List<InputFeed>(features.Count);
        for (var f = 0; f < features.Count; f++)
        {
            var value = byName[features[f]];
            if (!OnnxTypes.IsPerRow(value) || !(NumericTensor.Supported.Contains(value.ElementDataType) || value.ElementDataType == TensorElementType.String))
                throw new OnnxModelException("features", $"The graph's input {OnnxTypes.Show(features[f], value)} is not one value per row ([N] or [N,1]) of float, double, int64, int32, string or bool.");
            columns.Add(new FeatureColumn(features[f], FeatureTypeOf(value.ElementDataType)));
            feeds.Add(new ColumnFeed(features[f], f, value.ElementDataType, value.Dimensions.Length == 2));
        }
        // Fed in the graph's own input order, each from its feature's column.
        var order = inputs.Select(i => i.Key).ToList();
        feeds.Sort((a, b) => order.IndexOf(a.Name).CompareTo(order.IndexOf(b.Name)));
        return new OnnxInputs(columns, feeds, batch);
    }

    private static string FeatureTypeOf(TensorElementType type) => type switch
    {
        TensorElementType.String => FeatureTypes.String,
        TensorElementType.Int64 or TensorElementType.Int32 => FeatureTypes.Integer,
        TensorElementType.Bool => FeatureTypes.Boolean,
        _ => FeatureTypes.Number,
    };

    /// <summary>The batch dimension: free (null), or fixed at 1 (a graph exported for one row); any other fixed size cannot take a request's rows.</summary>
    private static int? FixedBatchOf(List<KeyValuePair<string, NodeMetadata>> inputs)
    {
        int? batch = null;
        foreach (var (name, value) in inputs)
        {
            if (!OnnxTypes.IsTensor(value) || value.Dimensions.Length == 0)
                throw new OnnxModelException("features", $"The graph's input {OnnxTypes.Show(name, value)} is not a tensor with a batch dimension.");
            switch (value.Dimensions[0])
            {
                case -1: break;
                case 1: batch = 1; break;
                default:
                    throw new OnnxModelException("features", $"The graph's input {OnnxTypes.Show(name, value)} has its first (batch) dimension fixed at {value.Dimensions[0]}; DsApp needs it free, or 1.");
            }
        }
        return batch;
    }

    /// <summary>The graph's inputs as the version shows them, each with the features that fill it.</summary>
    public IReadOnlyList<GraphValue> Describe(InferenceSession session) =>
        Feeds.Select(f => new GraphValue(f.Name, OnnxTypes.Describe(session.InputMetadata[f.Name]), OnnxTypes.Shape(session.InputMetadata[f.Name]), f.Features)).ToList();
}
