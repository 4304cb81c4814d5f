using System.Text.Json;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// A version loaded into memory, ready to answer, whatever runs it (<see cref="IPredictor"/>: ML.NET or ONNX): its input
/// layout and class names worked out once, and the contract's answer shapes, which are the same for every runtime.
/// </summary>
public sealed class LoadedModel
{
    private readonly IPredictor _predictor;

    /// <summary>A version whose file <paramref name="predictor"/> runs.</summary>
    public LoadedModel(string name, ModelVersion version, ModelTask task, string? label, IPredictor predictor)
        : this(name, version, task, new InputLayout(version.Inputs, label), _ => predictor)
    {
    }

    /// <summary>An ML.NET version.</summary>
    public LoadedModel(string name, ModelVersion version, ModelTask task, string? label, ITransformer model)
        : this(name, version, task, new InputLayout(version.Inputs, label), layout => new MlNetPredictor(model, layout.Schema, task, version))
    {
    }

    private LoadedModel(string name, ModelVersion version, ModelTask task, InputLayout layout, Func<InputLayout, IPredictor> predictor)
    {
        Name = name;
        Version = version.Version;
        Runtime = version.Runtime;
        Task = task;
        Layout = layout;
        _predictor = predictor(layout);
        Classes = _predictor.Classes;
    }

    public string Name { get; }
    public int Version { get; }
    public ModelRuntime Runtime { get; }
    public ModelTask Task { get; }
    public InputLayout Layout { get; }
    public IReadOnlyList<string> Classes { get; }

    /// <summary>
    /// The version's batcher, made on first use (by a model with batching on): one per loaded version, whatever the rule,
    /// since the rule travels with each request.
    /// </summary>
    public PredictionBatcher Batcher => LazyInitializer.EnsureInitialized(ref _batcher, ref _batcherLock, () => new PredictionBatcher(_predictor, Layout.Schema));
    private PredictionBatcher? _batcher;
    private object? _batcherLock;

    public Prediction[] Predict(ColumnTable table)
    {
        var results = new Prediction[table.RowCount];
        _predictor.Predict(table, results);
        return results;
    }

    /// <summary>Writes one prediction as the contract shapes it for the model's task.</summary>
    public void Write(Utf8JsonWriter json, in Prediction prediction)
    {
        json.WriteStartObject();
        switch (Task)
        {
            case ModelTask.Regression:
                json.WriteNumber("value", prediction.Value);
                break;
            case ModelTask.BinaryClassification:
                json.WriteBoolean("label", prediction.Flag);
                json.WriteNumber("probability", prediction.Probability);
                break;
            default:
                json.WriteString("label", ClassName(prediction.ClassIndex));
                json.WriteStartObject("probabilities");
                for (var i = 0; i < prediction.Probabilities!.Length; i++) json.WriteNumber(ClassName(i), prediction.Probabilities[i]);
                json.WriteEndObject();
                break;
        }
        json.WriteEndObject();
    }

    /// <summary>One prediction as the contract's JSON (what payload capture keeps as a row's output).</summary>
    public byte[] ToJson(in Prediction prediction)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer)) Write(json, prediction);
        return buffer.WrittenSpan.ToArray();
    }

    public string ClassName(int index) => index >= 0 && index < Classes.Count ? Classes[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
