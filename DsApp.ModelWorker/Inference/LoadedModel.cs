using System.Text.Json;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// A version loaded into memory, ready to answer: the model, its input layout and class names worked out once,
/// and a pool of <see cref="PredictionSession"/>s so concurrent requests never build an engine.
/// </summary>
public sealed class LoadedModel
{
    private readonly ObjectPool<PredictionSession> _sessions;

    public LoadedModel(string name, ModelVersion version, ModelTask task, string? label, ITransformer model)
    {
        Name = name;
        Version = version.Version;
        Task = task;
        Model = model;
        Layout = new InputLayout(version.Inputs, label);
        Classes = task == ModelTask.MulticlassClassification ? ReadClasses(model, Layout.Schema, version) : [];
        _sessions = new DefaultObjectPool<PredictionSession>(new SessionPolicy(this), Environment.ProcessorCount * 4);
        // Build one session now: a model that cannot answer fails its load, not its first request.
        _sessions.Return(_sessions.Get());
    }

    public string Name { get; }
    public int Version { get; }
    public ModelTask Task { get; }
    public ITransformer Model { get; }
    public InputLayout Layout { get; }
    public IReadOnlyList<string> Classes { get; }

    public Prediction[] Predict(ColumnTable table)
    {
        var results = new Prediction[table.RowCount];
        var session = _sessions.Get();
        try
        {
            session.Predict(table, results);
        }
        finally
        {
            _sessions.Return(session);
        }
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

    public string ClassName(int index) => index >= 0 && index < Classes.Count ? Classes[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The class names the model carries (key values of its predicted label), else the ones its version recorded.</summary>
    private static IReadOnlyList<string> ReadClasses(ITransformer model, DataViewSchema inputSchema, ModelVersion version)
    {
        var output = model.GetOutputSchema(inputSchema);
        if (output.GetColumnOrNull("PredictedLabel") is { } predicted && predicted.HasKeyValues())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            predicted.GetKeyValues(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToArray();
        }
        return version.Outputs.FirstOrDefault(o => o.Classes is not null)?.Classes ?? [];
    }

    private sealed class SessionPolicy(LoadedModel model) : PooledObjectPolicy<PredictionSession>
    {
        public override PredictionSession Create() => new(model.Model, model.Layout.Schema, model.Task);
        public override bool Return(PredictionSession session) => true;
    }
}
