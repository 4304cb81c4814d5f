using System.Globalization;
using DsApp.ModelWorker.Registry;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DsApp.ModelWorker.Inference.Onnx;

/// <summary>
/// Which of the graph's outputs answer the model's task, and how they become <see cref="Prediction"/>s. Regression reads one
/// float (or double) output <c>[N]</c> or <c>[N,1]</c> (<c>variable</c> in skl2onnx). A classifier reads a label output (int64,
/// int32, string or bool, <c>[N]</c>) and class probabilities: a float tensor <c>[N,C]</c> or ZipMap's
/// <c>seq(map(int64|string,float))</c>. Class names are ZipMap's keys (in its order); a plain tensor says nothing of them,
/// so integer labels are taken as the column numbers 0…C-1 (what skl2onnx exports for classes 0…C-1), bool labels as
/// false, true; string labels with a plain tensor cannot be placed and are refused. A binary model's second class
/// (scikit-learn's <c>classes_[1]</c>, its positive class) is <c>true</c>.
/// </summary>
public sealed class OnnxOutputs
{
    private static readonly TensorElementType[] LabelTypes = [TensorElementType.Int64, TensorElementType.Int32, TensorElementType.String, TensorElementType.Bool];

    private readonly ModelTask _task;
    private readonly bool _zipMap;
    private readonly TensorElementType _labelType;
    private readonly Dictionary<string, int> _classIndex;

    private OnnxOutputs(ModelTask task, string[] requested, bool zipMap, TensorElementType labelType, IReadOnlyList<string> classes)
    {
        _task = task;
        Requested = requested;
        _zipMap = zipMap;
        _labelType = labelType;
        Classes = classes;
        _classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The outputs to ask the runtime for: <c>[value]</c>, or <c>[label, probabilities]</c>.</summary>
    public IReadOnlyList<string> Requested { get; }

    /// <summary>Class names in the order of the probabilities (regression: none).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <param name="probe">Runs one row of the model's features asking for the named outputs: class names are read from its answer.</param>
    public static OnnxOutputs Bind(InferenceSession session, ModelTask task, Func<IReadOnlyList<string>, IDisposableReadOnlyCollection<OrtValue>> probe)
    {
        var outputs = session.OutputNames.Select(n => KeyValuePair.Create(n, session.OutputMetadata[n])).ToList();
        if (task == ModelTask.Regression)
        {
            var values = outputs.Where(o => OnnxTypes.IsTensorOf(o.Value, TensorElementType.Float, TensorElementType.Double) && OnnxTypes.IsPerRow(o.Value)).ToList();
            var value = Pick(values, "variable")
                ?? throw new OnnxModelException("body", $"A regression model reads one float output of shape [N] or [N,1] (skl2onnx names it 'variable'); this graph's outputs are: {OnnxTypes.ShowAll(outputs)}.");
            return new OnnxOutputs(task, [value], false, TensorElementType.Float, []);
        }

        var label = Pick(outputs.Where(o => OnnxTypes.IsTensorOf(o.Value, LabelTypes) && OnnxTypes.IsPerRow(o.Value)).ToList(), "output_label", "label");
        var probabilities = Pick(outputs.Where(o => OnnxTypes.IsZipMap(o.Value)
            || OnnxTypes.IsTensorOf(o.Value, TensorElementType.Float, TensorElementType.Double) && o.Value.Dimensions.Length == 2).ToList(), "output_probability", "probabilities");
        if (label is null || probabilities is null)
            throw new OnnxModelException("body", $"A {RegistryJson.Kebab(task)} model reads a label output (int64, int32, string or bool, [N]) and class probabilities (a float tensor [N,C], or ZipMap's seq(map(int64|string,float))); this graph's outputs are: {OnnxTypes.ShowAll(outputs)}.");
        var labelType = session.OutputMetadata[label].ElementDataType;
        var zipMap = OnnxTypes.IsZipMap(session.OutputMetadata[probabilities]);

        IReadOnlyList<string> classes;
        string probeLabel;
        using (var answer = probe([label, probabilities]))
        {
            classes = zipMap ? ZipMapClasses(answer[1]) : PlainClasses(labelType, answer[1], label, probabilities);
            probeLabel = LabelsOf(answer[0], labelType)[0];
        }
        if (task == ModelTask.BinaryClassification && classes.Count != 2)
            throw new OnnxModelException("body", $"A binary-classification model has two classes; the graph's probabilities ({probabilities}) score {classes.Count}: {string.Join(", ", classes)}.");
        if (classes.Count < 2)
            throw new OnnxModelException("body", $"A classifier scores two classes or more; the graph's probabilities ({probabilities}) score {classes.Count}.");
        var bound = new OnnxOutputs(task, [label, probabilities], zipMap, labelType, classes);
        if (!bound._classIndex.ContainsKey(probeLabel))
            throw new OnnxModelException("body", $"The graph labelled a row '{probeLabel}', which is not one of the classes its probabilities ({probabilities}) name: {string.Join(", ", classes)}.");
        return bound;
    }

    /// <summary>The only candidate, else the one with a preferred name; null when there is none, or several and no preferred one.</summary>
    private static string? Pick(List<KeyValuePair<string, NodeMetadata>> candidates, params string[] preferred)
    {
        if (candidates.Count == 1) return candidates[0].Key;
        return preferred.FirstOrDefault(p => candidates.Any(c => c.Key == p));
    }

    private static IReadOnlyList<string> ZipMapClasses(OrtValue sequence)
    {
        using var map = sequence.GetValue(0, OrtAllocator.DefaultInstance);
        using var keys = map.GetValue(0, OrtAllocator.DefaultInstance);
        return keys.GetTensorTypeAndShape().ElementDataType == TensorElementType.String
            ? keys.GetStringTensorAsArray()
            : keys.GetTensorDataAsSpan<long>().ToArray().Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static IReadOnlyList<string> PlainClasses(TensorElementType labelType, OrtValue probabilities, string label, string name)
    {
        var count = (int)probabilities.GetTensorTypeAndShape().Shape[1];
        return labelType switch
        {
            TensorElementType.Bool when count == 2 => ["false", "true"],
            TensorElementType.Bool => throw new OnnxModelException("body", $"The graph's labels ({label}) are bool but its probabilities ({name}) score {count} classes, not two."),
            TensorElementType.String => throw new OnnxModelException("body",
                $"The graph's labels ({label}) are strings but its probabilities ({name}) are a plain tensor, which does not say which column is which class: export it with ZipMap (skl2onnx's default) or with integer labels 0…C-1."),
            _ => Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    private static string[] LabelsOf(OrtValue labels, TensorElementType type) => type switch
    {
        TensorElementType.String => labels.GetStringTensorAsArray(),
        TensorElementType.Int64 => labels.GetTensorDataAsSpan<long>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
        TensorElementType.Int32 => labels.GetTensorDataAsSpan<int>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
        _ => labels.GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? "true" : "false").ToArray(),
    };

    /// <summary>Turns the runtime's answer for <paramref name="results"/>.Length rows into predictions.</summary>
    public void Read(IReadOnlyList<OrtValue> values, Span<Prediction> results)
    {
        if (_task == ModelTask.Regression)
        {
            var numbers = Floats(values[0]);
            Expect(numbers.Length, results.Length, Requested[0]);
            for (var r = 0; r < results.Length; r++) results[r] = new Prediction(numbers[r], false, 0, 0, null);
            return;
        }
        var labels = LabelsOf(values[0], _labelType);
        Expect(labels.Length, results.Length, Requested[0]);
        var probabilities = _zipMap ? null : Floats(values[1]);
        if (probabilities is not null) Expect(probabilities.Length, results.Length * Classes.Count, Requested[1]);
        for (var r = 0; r < results.Length; r++)
        {
            var row = probabilities is null ? ZipMapRow(values[1], r) : probabilities.AsSpan(r * Classes.Count, Classes.Count).ToArray();
            // The graph's own label, as scikit-learn's predict gives it (not re-derived from the probabilities).
            if (!_classIndex.TryGetValue(labels[r], out var index))
                throw new OnnxModelException("body", $"The graph labelled a row '{labels[r]}', which is not one of its classes ({string.Join(", ", Classes)}).");
            results[r] = _task == ModelTask.BinaryClassification
                ? new Prediction(0, index == 1, row[1], 0, null)
                : new Prediction(0, false, 0, index, row);
        }
    }

    private float[] ZipMapRow(OrtValue sequence, int row)
    {
        using var map = sequence.GetValue(row, OrtAllocator.DefaultInstance);
        using var scores = map.GetValue(1, OrtAllocator.DefaultInstance);
        var values = scores.GetTensorDataAsSpan<float>().ToArray();
        Expect(values.Length, Classes.Count, Requested[1]);
        return values;
    }

    private static float[] Floats(OrtValue tensor) =>
        tensor.GetTensorTypeAndShape().ElementDataType == TensorElementType.Double
            ? tensor.GetTensorDataAsSpan<double>().ToArray().Select(v => (float)v).ToArray()
            : tensor.GetTensorDataAsSpan<float>().ToArray();

    /// <summary>An answer of the wrong size is the graph's fault (it declared otherwise), never the request's.</summary>
    private static void Expect(int actual, int expected, string output)
    {
        if (actual != expected) throw new OnnxModelException("body", $"The graph's output {output} has {actual} values where {expected} were expected.");
    }

    /// <summary>The graph's outputs as the version shows them, with the role DsApp reads each one for.</summary>
    public IReadOnlyList<GraphValue> Describe(InferenceSession session) =>
        session.OutputNames.Select(n => new GraphValue(n, OnnxTypes.Describe(session.OutputMetadata[n]), OnnxTypes.Shape(session.OutputMetadata[n]),
            Role: Role(n))).ToList();

    private string? Role(string output) =>
        _task == ModelTask.Regression
            ? output == Requested[0] ? "value" : null
            : output == Requested[0] ? "label" : output == Requested[1] ? "probabilities" : null;
}
