using System.Text.Json.Serialization;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

// A bare ASP.NET Core + ML.NET predict endpoint, the one-hop ceiling DsApp's worker is compared with:
// typed JSON binding, pooled PredictionEngines, no checks, no cache, no telemetry, no auth.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// As DsApp's gateway and worker do when the runtime's inline socket completions are on: requests run on the socket thread.
builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1");
var app = builder.Build();

var ml = new MLContext();
var model = ml.Model.Load(app.Configuration["Model"] ?? throw new InvalidOperationException("Set Model to the path of an iris model.zip"), out var inputSchema);
var classes = ReadClasses(model, inputSchema);
var engines = new DefaultObjectPool<PredictionEngine<IrisInput, IrisOutput>>(new EnginePolicy(ml, model), Environment.ProcessorCount * 4);

app.MapPost("/api/models/iris/predict", (PredictRequest request) =>
{
    var engine = engines.Get();
    try
    {
        var predictions = request.Instances.Select(row =>
        {
            var output = engine.Predict(row);
            return new IrisPrediction(classes[(int)output.PredictedLabel - 1],
                classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => output.Score[p.i]));
        }).ToArray();
        return new PredictResponse("iris", 1, predictions);
    }
    finally
    {
        engines.Return(engine);
    }
});

app.MapGet("/alive", () => "alive"); // what a gateway's health probe asks, so that DsApp's gateway can stand in front of it
app.Run();

static string[] ReadClasses(ITransformer model, DataViewSchema schema)
{
    VBuffer<ReadOnlyMemory<char>> names = default;
    model.GetOutputSchema(schema)["PredictedLabel"].GetKeyValues(ref names);
    return names.DenseValues().Select(n => n.ToString()).ToArray();
}

public sealed class IrisInput
{
    [ColumnName("sepal_length"), JsonPropertyName("sepal_length")] public float SepalLength { get; set; }
    [ColumnName("sepal_width"), JsonPropertyName("sepal_width")] public float SepalWidth { get; set; }
    [ColumnName("petal_length"), JsonPropertyName("petal_length")] public float PetalLength { get; set; }
    [ColumnName("petal_width"), JsonPropertyName("petal_width")] public float PetalWidth { get; set; }
}

public sealed class IrisOutput
{
    public uint PredictedLabel { get; set; }
    public float[] Score { get; set; } = [];
}

public sealed record PredictRequest(IrisInput[] Instances);
public sealed record IrisPrediction(string Label, Dictionary<string, float> Probabilities);
public sealed record PredictResponse(string Model, int Version, IrisPrediction[] Predictions);

public sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<IrisInput, IrisOutput>>
{
    public override PredictionEngine<IrisInput, IrisOutput> Create() => ml.Model.CreatePredictionEngine<IrisInput, IrisOutput>(model);
    public override bool Return(PredictionEngine<IrisInput, IrisOutput> engine) => true;
}
