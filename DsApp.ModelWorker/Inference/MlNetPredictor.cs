using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// An ML.NET model behind <see cref="IPredictor"/>: a pool of <see cref="PredictionSession"/>s (each one not thread-safe),
/// so concurrent requests never build an engine.
/// </summary>
public sealed class MlNetPredictor : IPredictor
{
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly ModelTask _task;
    private readonly ObjectPool<PredictionSession> _sessions;

    public MlNetPredictor(ITransformer model, DataViewSchema inputSchema, ModelTask task, ModelVersion version)
    {
        _model = model;
        _inputSchema = inputSchema;
        _task = task;
        Classes = task == ModelTask.MulticlassClassification ? ReadClasses(model, inputSchema, version) : [];
        _sessions = new DefaultObjectPool<PredictionSession>(new SessionPolicy(this), Environment.ProcessorCount * 4);
        // Build one session now: a model that cannot answer fails its load, not its first request.
        _sessions.Return(_sessions.Get());
    }

    public IReadOnlyList<string> Classes { get; }

    public void Predict(ColumnTable table, Span<Prediction> results)
    {
        var session = _sessions.Get();
        try
        {
            session.Predict(table, results);
        }
        finally
        {
            _sessions.Return(session);
        }
    }

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

    private sealed class SessionPolicy(MlNetPredictor predictor) : PooledObjectPolicy<PredictionSession>
    {
        public override PredictionSession Create() => new(predictor._model, predictor._inputSchema, predictor._task);
        public override bool Return(PredictionSession session) => true;
    }
}
