using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.ModelWorker.Monitoring;

/// <summary>Cache flush, payload capture, drift and job traces, on the model worker in process (real Redis, real ML.NET).</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class ModelMonitoringTests(ModelWorkerHost host)
{
    private static readonly string[] Features = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    [Fact]
    public async Task Flushing_a_models_cache_turns_the_next_lookup_of_a_cached_row_into_a_miss()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var row = """{"sepal_length":6.3,"sepal_width":2.9,"petal_length":5.6,"petal_width":1.9}""";
        using var lookups = new CacheLookups(host);

        (await http.PredictAsync(model, row)).EnsureSuccessStatusCode();
        lookups.Reset();
        (await http.PredictAsync(model, row)).EnsureSuccessStatusCode();
        Assert.Equal((1, 0), lookups.Counts);
        var server = host.Connection.GetServer(host.Connection.GetEndPoints()[0]);
        Assert.NotEmpty(server.Keys(pattern: $"dsapp:pred:{model}:*"));

        using var flushed = await http.DeleteAsync($"/api/models/{model}/cache");
        Assert.Equal(HttpStatusCode.NoContent, flushed.StatusCode);
        Assert.Empty(server.Keys(pattern: $"dsapp:pred:{model}:*"));
        lookups.Reset();
        (await http.PredictAsync(model, row)).EnsureSuccessStatusCode();
        Assert.Equal((0, 1), lookups.Counts);
    }

    [Fact]
    public async Task Flushing_the_cache_of_an_unknown_model_is_a_404()
    {
        using var http = host.CreateClient();
        await (await http.DeleteAsync("/api/models/no-such-model/cache")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Capture_takes_a_percent_between_0_and_100_or_null()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        await (await http.PatchAsync(model, """{"capture":{"percent":101}}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "capture.percent");
        await (await http.PatchAsync(model, """{"capture":"on"}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "capture");
        var on = await (await http.PatchAsync(model, """{"capture":{"percent":10}}""")).ReadJsonAsync();
        Assert.Equal(10, on.GetProperty("capture").GetProperty("percent").GetInt32());
        var off = await (await http.PatchAsync(model, """{"capture":null}""")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, off.GetProperty("capture").ValueKind);
    }

    [Fact]
    public async Task Drift_of_a_model_without_captured_inputs_is_a_conflict_saying_so_and_of_an_unknown_model_a_404()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var problem = await (await http.GetAsync($"/api/models/{model}/drift?window=1h")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("captured", problem.GetProperty("detail").GetString());
        await (await http.GetAsync("/api/models/no-such-model/drift")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"/api/models/{model}/drift?window=soon")).AssertProblemAsync(HttpStatusCode.BadRequest, "window");
    }

    [Fact]
    public async Task Inputs_drawn_from_the_training_data_raise_no_drift_while_petal_length_shifted_by_3_is_flagged()
    {
        using var http = host.CreateClient();
        var training = IrisRows();

        var steady = await CapturingModelAsync(http, "iris-steady");
        await PredictAllAsync(http, steady, training);
        var unshifted = await (await http.GetAsync($"/api/models/{steady}/drift?window=1h")).ReadJsonAsync();
        Assert.Equal(training.Count, unshifted.GetProperty("rows").GetInt32());
        Assert.Equal(Features, unshifted.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Empty(unshifted.GetProperty("drifted").EnumerateArray());
        Assert.All(unshifted.GetProperty("features").EnumerateArray(), f => Assert.True(f.GetProperty("psi").GetDouble() < 0.01, f.ToString()));

        var shifted = await CapturingModelAsync(http, "iris-shifted");
        await PredictAllAsync(http, shifted, training.Select(r => r with { PetalLength = r.PetalLength + 3 }).ToList());
        using var gauge = new DriftGauge(host);
        var drift = await (await http.GetAsync($"/api/models/{shifted}/drift?window=1h")).ReadJsonAsync();
        Assert.Equal(["petal_length"], drift.GetProperty("drifted").EnumerateArray().Select(f => f.GetString()));
        var threshold = drift.GetProperty("threshold").GetDouble();
        Assert.Equal(0.2, threshold);
        var petal = drift.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "petal_length");
        Assert.True(petal.GetProperty("psi").GetDouble() > threshold);
        Assert.Equal(petal.GetProperty("psi").GetDouble(), gauge.Read(shifted, 1, "petal_length"), 6);

        // What was captured is in the object store, one line per row with its input and answer.
        var folder = Path.Combine(host.StorePath, "captures", shifted, host.GenerationOf(shifted), "1");
        var lines = Directory.GetFiles(folder, "*.ndjson").SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(training.Count, lines.Count);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.True(first.RootElement.GetProperty("input").TryGetProperty("petal_length", out _));
        Assert.True(first.RootElement.GetProperty("output").TryGetProperty("label", out _));
    }

    [Fact]
    public async Task Rows_inferred_through_the_open_inference_protocol_at_100_percent_capture_show_up_in_drift()
    {
        using var http = host.CreateClient();
        var training = IrisRows();
        var model = await CapturingModelAsync(http, "iris-oip-captured");
        foreach (var chunk in training.Chunk(50))
        {
            // As tritonclient sends them by default: binary tensors in, binary tensors out.
            var (body, headerLength) = TritonHttpWire.Encode(
            [
                TritonHttpWire.Input.Binary("sepal_length", "FP32", chunk.Select(r => r.SepalLength).ToArray()),
                TritonHttpWire.Input.Binary("sepal_width", "FP32", chunk.Select(r => r.SepalWidth).ToArray()),
                TritonHttpWire.Input.Binary("petal_length", "FP32", chunk.Select(r => r.PetalLength).ToArray()),
                TritonHttpWire.Input.Binary("petal_width", "FP32", chunk.Select(r => r.PetalWidth).ToArray()),
            ], [new TritonHttpWire.Output("predicted_label"), new TritonHttpWire.Output("probabilities")]);
            using var response = await http.SendAsync(TritonHttpWire.Post($"/v2/models/{model}/infer", body, headerLength));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var drift = await (await http.GetAsync($"/api/models/{model}/drift?window=1h")).ReadJsonAsync();
        Assert.Equal(training.Count, drift.GetProperty("rows").GetInt32());
        Assert.Empty(drift.GetProperty("drifted").EnumerateArray());

        // Captured as REST predict's rows are: the input by feature, the answer in the contract's shape.
        var folder = Path.Combine(host.StorePath, "captures", model, host.GenerationOf(model), "1");
        var lines = Directory.GetFiles(folder, "*.ndjson").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(training.Count, lines.Count);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(training[0].PetalLength, first.RootElement.GetProperty("input").GetProperty("petal_length").GetDouble(), 5);
        Assert.Equal("setosa", first.RootElement.GetProperty("output").GetProperty("label").GetString());
    }

    [Fact]
    public async Task A_training_jobs_trace_is_a_new_root_linked_to_the_request_that_queued_it()
    {
        using var http = host.CreateClient();
        const string model = "iris-traced";
        (await http.CreateModelAsync(model)).EnsureSuccessStatusCode();
        var jobs = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "DsApp.ModelWorker",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("dsapp.model") as string == model) lock (jobs) jobs.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);

        var caller = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/versions")
        {
            Content = new StringContent("""{"datasetId":"iris","trainer":"lbfgs","seed":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{caller}-{ActivitySpanId.CreateRandom()}-01");
        using var accepted = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await http.WaitForJobAsync(accepted.Headers.Location!.ToString());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());

        // The job's status is saved before its activity ends: wait for the span.
        for (var wait = 0; wait < 100 && jobs.Count == 0; wait++) await Task.Delay(50);
        Activity span;
        lock (jobs) span = Assert.Single(jobs);
        Assert.Equal("job train", span.OperationName);
        Assert.NotEqual(caller, span.TraceId);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Contains(span.Links, link => link.Context.TraceId == caller);
        Assert.Equal(job.GetProperty("id").GetString(), span.GetTagItem("dsapp.job.id"));
        Assert.Equal("train", span.GetTagItem("dsapp.job.kind"));
        Assert.Equal(1, span.GetTagItem("dsapp.model.version"));
        Assert.Equal("iris", span.GetTagItem("dsapp.dataset.id"));
    }

    private sealed record IrisRow(double SepalLength, double SepalWidth, double PetalLength, double PetalWidth)
    {
        public string Json => string.Create(CultureInfo.InvariantCulture,
            $$"""{"sepal_length":{{SepalLength}},"sepal_width":{{SepalWidth}},"petal_length":{{PetalLength}},"petal_width":{{PetalWidth}}}""");
    }

    private static List<IrisRow> IrisRows() => ModelWorkerData.IrisCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Skip(1)
        .Select(line => line.Split(','))
        .Select(f => new IrisRow(Parse(f[0]), Parse(f[1]), Parse(f[2]), Parse(f[3])))
        .ToList();

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<string> CapturingModelAsync(HttpClient http, string name)
    {
        (await http.CreateModelAsync(name)).EnsureSuccessStatusCode();
        var job = await http.TrainAsync(name, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        (await http.PatchAsync(name, """{"capture":{"percent":100}}""")).EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>Predicts every row, 50 a request (the host's row limit).</summary>
    private static async Task PredictAllAsync(HttpClient http, string model, IReadOnlyList<IrisRow> rows)
    {
        foreach (var chunk in rows.Chunk(50))
        {
            using var response = await http.PredictAsync(model, $$"""{"instances":[{{string.Join(',', chunk.Select(r => r.Json))}}]}""");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Reads the observable gauge <c>dsapp.model.drift</c> of this host.</summary>
    private sealed class DriftGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string, int, string), double> _values = [];

        public DriftGauge(ModelWorkerHost host)
        {
            var meter = host.Factory.Services.GetRequiredService<IMeterFactory>().Create("DsApp.ModelWorker");
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "dsapp.model.drift") l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                string? model = null, feature = null;
                var version = 0;
                foreach (var tag in tags)
                {
                    if (tag.Key == "model") model = (string)tag.Value!;
                    else if (tag.Key == "feature") feature = (string)tag.Value!;
                    else if (tag.Key == "version") version = (int)tag.Value!;
                }
                _values[(model!, version, feature!)] = value;
            });
            _listener.Start();
        }

        public double Read(string model, int version, string feature)
        {
            _listener.RecordObservableInstruments();
            return _values.TryGetValue((model, version, feature), out var value) ? value : double.NaN;
        }

        public void Dispose() => _listener.Dispose();
    }
}
