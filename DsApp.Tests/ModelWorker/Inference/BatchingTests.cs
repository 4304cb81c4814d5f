using System.Text.Json;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>
/// Adaptive batching through the HTTP API: set by PATCH, shown on the model and in the /v2 config, and, when on, the same
/// answers from fewer runs of the runtime (the statistics extension's execution_count against inference_count).
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class BatchingTests(ModelWorkerHost host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>32 iris rows spread over the three classes (every 4th row of the data), as REST predict bodies.</summary>
    private static IReadOnlyList<string> IrisRows()
    {
        var lines = ModelWorkerData.IrisCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        return Enumerable.Range(0, 32).Select(i =>
        {
            var values = lines[1 + 4 * i].Split(',');
            return "{" + string.Join(",", Enumerable.Range(0, 4).Select(c => $"\"{header[c]}\":{values[c]}")) + "}";
        }).ToList();
    }

    /// <summary>Predicts every row at once, one request per row; each answer's prediction as JSON text.</summary>
    private static async Task<string[]> PredictAtOnceAsync(HttpClient http, string model, IReadOnlyList<string> rows) =>
        await Task.WhenAll(rows.Select(async row =>
        {
            using var response = await http.PredictAsync(model, row);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("predictions")[0].GetRawText();
        })).WaitAsync(Patience);

    private static async Task<(long Inferences, long Executions)> CountsAsync(HttpClient http, string model)
    {
        var stats = await (await http.GetAsync($"/v2/models/{model}/versions/1/stats")).ReadJsonAsync();
        var stat = stats.GetProperty("model_stats")[0];
        return (stat.GetProperty("inference_count").GetInt64(), stat.GetProperty("execution_count").GetInt64());
    }

    /// <summary>
    /// 32 concurrent single-row predicts, batching off then on: the same answers, the runtime run fewer times than requests.
    /// <paramref name="exact"/>: the same bytes (ML.NET runs a batch row by row); otherwise the same labels and probabilities
    /// within 1e-6, since ONNX Runtime's kernels for an N-row call may round the last bit differently from a 1-row call (as
    /// they do for a client that sends N rows in one request).
    /// </summary>
    private static async Task AssertBatchedAnswersMatchAsync(HttpClient http, string model, bool exact)
    {
        (await http.PatchAsync(model, """{"cachePredictions":false}""")).EnsureSuccessStatusCode(); // every request runs the model
        var rows = IrisRows();
        var alone = await PredictAtOnceAsync(http, model, rows);
        var before = await CountsAsync(http, model);
        Assert.Equal(32, before.Executions); // without batching, one run per request

        (await http.PatchAsync(model, """{"batching":{"maxBatchSize":32,"maxBatchDelayMs":20}}""")).EnsureSuccessStatusCode();
        var batched = await PredictAtOnceAsync(http, model, rows);
        var after = await CountsAsync(http, model);

        if (exact) Assert.Equal(alone, batched);
        else for (var i = 0; i < rows.Count; i++) AssertAlike(alone[i], batched[i]);
        Assert.Equal(32, after.Inferences - before.Inferences);
        var runs = after.Executions - before.Executions;
        Assert.True(runs is >= 1 and < 32, $"{runs} runs of the runtime for 32 requests");
        Assert.True(alone.Distinct().Count() > 2, "the rows should not all answer alike"); // three classes: no answer stands in for another
    }

    private static void AssertAlike(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.Equal(e.RootElement.GetProperty("label").GetString(), a.RootElement.GetProperty("label").GetString());
        var probabilities = a.RootElement.GetProperty("probabilities");
        foreach (var p in e.RootElement.GetProperty("probabilities").EnumerateObject())
            Assert.True(Math.Abs(p.Value.GetDouble() - probabilities.GetProperty(p.Name).GetDouble()) < 1e-6, $"{expected} vs {actual}");
    }

    [Fact]
    public async Task With_batching_32_concurrent_mlnet_iris_predicts_answer_byte_for_byte_as_without_in_fewer_runs()
    {
        const string model = "iris-batching";
        using var http = host.CreateClient();
        (await http.CreateModelAsync(model)).EnsureSuccessStatusCode();
        await http.TrainAsync(model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        await AssertBatchedAnswersMatchAsync(http, model, exact: true);
    }

    [Fact]
    public async Task With_batching_32_concurrent_onnx_iris_predicts_answer_as_without_within_float_rounding_in_fewer_runs()
    {
        const string model = "iris-onnx-batching";
        using var http = host.CreateClient();
        await http.CreateModelForAsync(model, OnnxFixtures.Load("iris-logreg"));
        await http.ImportOnnxAsync(model, 1, OnnxFixtures.File("iris-logreg"));
        await AssertBatchedAnswersMatchAsync(http, model, exact: false);
    }

    [Fact]
    public async Task A_batch_whose_runtime_throws_fails_its_callers_with_the_status_they_get_without_batching_and_the_next_batches_answer()
    {
        const string model = "lookup-batching";
        using var http = host.CreateClient();
        using (var created = await http.PostAsJsonAsync("/api/models", new { name = model, task = "regression", label = "y", features = new[] { "x" } }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await http.ImportOnnxAsync(model, 1, OnnxFixtures.File("lookup"));
        (await http.PatchAsync(model, """{"cachePredictions":false}""")).EnsureSuccessStatusCode();

        // Without batching: x in 0..9 answers 10·(x+1); x = 50 makes ONNX Runtime throw.
        using (var good = await http.PredictAsync(model, """{"x":3}"""))
            Assert.Equal(40, (await good.ReadJsonAsync()).GetProperty("predictions")[0].GetProperty("value").GetDouble());
        using var lone = await http.PredictAsync(model, """{"x":50}""");
        var failed = lone.StatusCode;
        Assert.True((int)failed >= 400, $"a runtime failure answered {failed}");

        (await http.PatchAsync(model, """{"batching":{"maxBatchSize":8,"maxBatchDelayMs":20}}""")).EnsureSuccessStatusCode();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await http.PredictAsync(model, """{"x":50}""");
            return response.StatusCode;
        })).WaitAsync(Patience); // answered, not left hanging
        Assert.All(statuses, s => Assert.Equal(failed, s));

        var values = await Task.WhenAll(Enumerable.Range(0, 8).Select(async x =>
        {
            using var response = await http.PredictAsync(model, $$"""{"x":{{x}}}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadJsonAsync()).GetProperty("predictions")[0].GetProperty("value").GetDouble();
        })).WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 8).Select(x => 10.0 * (x + 1)), values);
    }

    [Theory]
    [InlineData("""{"batching":{"maxBatchSize":1,"maxBatchDelayMs":2}}""", "batching.maxBatchSize")]
    [InlineData("""{"batching":{"maxBatchSize":1025,"maxBatchDelayMs":2}}""", "batching.maxBatchSize")]
    [InlineData("""{"batching":{"maxBatchSize":2.5,"maxBatchDelayMs":2}}""", "batching.maxBatchSize")]
    [InlineData("""{"batching":{"maxBatchSize":32,"maxBatchDelayMs":101}}""", "batching.maxBatchDelayMs")]
    [InlineData("""{"batching":{"maxBatchSize":32,"maxBatchDelayMs":-1}}""", "batching.maxBatchDelayMs")]
    [InlineData("""{"batching":{"maxBatchSize":32,"maxBatchDelayMs":2,"instances":4}}""", "batching.instances")]
    [InlineData("""{"batching":{"maxBatchSize":32}}""", "batching")]
    [InlineData("""{"batching":true}""", "batching")]
    public async Task A_batching_setting_out_of_range_is_a_400_naming_the_field_and_changes_nothing(string patch, string field)
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        await (await http.PatchAsync(model, patch)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(JsonValueKind.Null, (await (await http.GetAsync($"/api/models/{model}")).ReadJsonAsync()).GetProperty("batching").ValueKind);
    }

    [Fact]
    public async Task Batching_is_off_by_default_set_and_merged_by_patch_shown_on_the_model_and_in_the_v2_config()
    {
        const string model = "iris-batching-settings";
        using var http = host.CreateClient();
        var created = await (await http.CreateModelAsync(model)).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("batching").ValueKind);
        await http.TrainAsync(model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        var config = await (await http.GetAsync($"/v2/models/{model}/config")).ReadJsonAsync();
        Assert.Equal(0, config.GetProperty("max_batch_size").GetInt32());

        var on = await (await http.PatchAsync(model, """{"batching":{"maxBatchSize":32,"maxBatchDelayMs":2}}""")).ReadJsonAsync();
        Assert.Equal((32, 2), (on.GetProperty("batching").GetProperty("maxBatchSize").GetInt32(), on.GetProperty("batching").GetProperty("maxBatchDelayMs").GetInt32()));
        // A merge patch: a field left out keeps its value.
        var merged = await (await http.PatchAsync(model, """{"batching":{"maxBatchDelayMs":5}}""")).ReadJsonAsync();
        Assert.Equal((32, 5), (merged.GetProperty("batching").GetProperty("maxBatchSize").GetInt32(), merged.GetProperty("batching").GetProperty("maxBatchDelayMs").GetInt32()));
        Assert.Equal(merged.GetProperty("batching").GetRawText(), (await (await http.GetAsync($"/api/models/{model}")).ReadJsonAsync()).GetProperty("batching").GetRawText());

        // Triton's shape for a batching model: its largest batch, and dims without the batch dimension.
        config = await (await http.GetAsync($"/v2/models/{model}/config")).ReadJsonAsync();
        Assert.Equal(32, config.GetProperty("max_batch_size").GetInt32());
        Assert.All(config.GetProperty("input").EnumerateArray(), input =>
        {
            Assert.Equal("[1]", input.GetProperty("dims").GetRawText());
            Assert.Equal("[]", input.GetProperty("reshape").GetProperty("shape").GetRawText());
        });
        var probabilities = config.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.Equal("[3]", probabilities.GetProperty("dims").GetRawText());

        var off = await (await http.PatchAsync(model, """{"batching":null}""")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, off.GetProperty("batching").ValueKind);
        Assert.Equal(0, (await (await http.GetAsync($"/v2/models/{model}/config")).ReadJsonAsync()).GetProperty("max_batch_size").GetInt32());
    }
}
