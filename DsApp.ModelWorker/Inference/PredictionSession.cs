using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// What a <c>PredictionEngine</c> does, for a schema known only at run time: the model's row mapper bound once to a
/// <see cref="TableRow"/>, with its output getters made once. Not thread-safe: sessions are pooled, one per request at a time.
/// </summary>
public sealed class PredictionSession
{
    private readonly ModelTask _task;
    private readonly TableRow _input;
    private readonly ValueGetter<float>? _score;
    private readonly ValueGetter<bool>? _flag;
    private readonly ValueGetter<float>? _probability;
    private readonly ValueGetter<uint>? _key;
    private readonly ValueGetter<VBuffer<float>>? _scores;
    private VBuffer<float> _scoreBuffer;

    public PredictionSession(ITransformer model, DataViewSchema inputSchema, ModelTask task)
    {
        _task = task;
        _input = new TableRow(inputSchema);
        var mapper = model.GetRowToRowMapper(inputSchema);
        var output = mapper.OutputSchema;
        var wanted = task switch
        {
            ModelTask.Regression => new[] { "Score" },
            ModelTask.BinaryClassification => output.GetColumnOrNull("Probability") is null ? ["PredictedLabel", "Score"] : ["PredictedLabel", "Probability"],
            _ => ["PredictedLabel", "Score"],
        };
        var active = wanted.Select(name => output.GetColumnOrNull(name)
            ?? throw new InvalidOperationException($"The model has no '{name}' output, which a {RegistryJson.Kebab(task)} model needs.")).ToArray();
        var row = mapper.GetRow(_input, active);
        switch (task)
        {
            case ModelTask.Regression:
                _score = row.GetGetter<float>(active[0]);
                break;
            case ModelTask.BinaryClassification:
                _flag = row.GetGetter<bool>(active[0]);
                _probability = row.GetGetter<float>(active[1]);
                break;
            default:
                _key = row.GetGetter<uint>(active[0]);
                _scores = row.GetGetter<VBuffer<float>>(active[1]);
                break;
        }
    }

    /// <summary>Runs every row of <paramref name="table"/> through the model, into <paramref name="results"/>.</summary>
    public void Predict(ColumnTable table, Span<Prediction> results)
    {
        _input.Bind(table);
        for (var i = 0; i < table.RowCount; i++)
        {
            _input.MoveTo(i);
            results[i] = PredictCurrent();
        }
        _input.Bind(null!);
    }

    private Prediction PredictCurrent()
    {
        switch (_task)
        {
            case ModelTask.Regression:
                var value = 0f;
                _score!(ref value);
                return new Prediction(value, false, 0, 0, null);
            case ModelTask.BinaryClassification:
                bool flag = false;
                float probability = 0;
                _flag!(ref flag);
                _probability!(ref probability);
                return new Prediction(0, flag, probability, 0, null);
            default:
                uint key = 0;
                _key!(ref key);
                _scores!(ref _scoreBuffer);
                var probabilities = new float[_scoreBuffer.Length];
                _scoreBuffer.CopyTo(probabilities);
                return new Prediction(0, false, 0, (int)key - 1, probabilities);
        }
    }
}
