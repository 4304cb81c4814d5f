using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;

namespace DsApp.Tests.ModelWorker.Inference;

[Collection(ModelWorkerCollection.Name)]
public sealed class PredictApiTests(ModelWorkerHost host)
{
    [Fact]
    public async Task One_flat_object_is_answered_with_a_label_probabilities_and_the_version_header()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await http.PredictAsync(model, ModelApiClient.SetosaRow);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Model-Version").Single());
        var answer = await response.ReadJsonAsync();
        Assert.Equal("iris", answer.GetProperty("model").GetString());
        Assert.Equal(1, answer.GetProperty("version").GetInt32());
        var prediction = answer.GetProperty("predictions")[0];
        Assert.Equal("setosa", prediction.GetProperty("label").GetString());
        var probabilities = prediction.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["setosa", "versicolor", "virginica"], probabilities.Keys.Order());
        Assert.Equal(1, probabilities.Values.Sum(), 3);
        Assert.Equal("setosa", probabilities.MaxBy(p => p.Value).Key);
    }

    [Fact]
    public async Task Many_instances_are_answered_in_order()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var body = $$"""{"instances":[{{ModelApiClient.SetosaRow}},{"sepal_length":6.9,"sepal_width":3.1,"petal_length":5.9,"petal_width":2.3,"species":"ignored"}]}""";
        var answer = await (await http.PredictAsync(model, body)).ReadJsonAsync();
        var labels = answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()).ToList();
        Assert.Equal(["setosa", "virginica"], labels);
    }

    [Fact]
    public async Task A_repeated_row_is_a_cache_hit_with_the_same_answer_and_switching_the_cache_off_stops_lookups()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var row = """{"sepal_length":6.1,"sepal_width":2.8,"petal_length":4.7,"petal_width":1.2}""";
        var counts = new Dictionary<string, long> { ["hit"] = 0, ["miss"] = 0 };
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "DsApp.ModelWorker" && instrument.Name == "dsapp.prediction.cache.lookups") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "result") lock (counts) counts[(string)tag.Value!] += value;
        });
        listener.Start();

        var first = await (await http.PredictAsync(model, row)).Content.ReadAsStringAsync();
        var second = await (await http.PredictAsync(model, row)).Content.ReadAsStringAsync();
        Assert.Equal(first, second);
        Assert.True(counts["hit"] >= 1 && counts["miss"] >= 1, $"hits {counts["hit"]}, misses {counts["miss"]}");

        await http.CreateModelAsync("iris-nocache");
        await http.TrainAsync("iris-nocache", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        (await http.PatchAsync("iris-nocache", """{"cachePredictions":false}""")).EnsureSuccessStatusCode();
        lock (counts) { counts["hit"] = 0; counts["miss"] = 0; }
        (await http.PredictAsync("iris-nocache", row)).EnsureSuccessStatusCode();
        (await http.PredictAsync("iris-nocache", row)).EnsureSuccessStatusCode();
        var server = host.Connection.GetServer(host.Connection.GetEndPoints()[0]);
        Assert.Empty(server.Keys(pattern: "dsapp:pred:iris-nocache:*"));
    }

    [Theory]
    [InlineData("""{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1}""", "petal_width")]
    [InlineData("""{"sepal_length":"wide","sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}""", "sepal_length")]
    [InlineData("""{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8,"colour":"blue"}""", "colour")]
    [InlineData("""{"instances":[]}""", "instances")]
    [InlineData("""{"instances":[{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8},{"sepal_length":1}]}""", "instances[1].petal_width")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{not json""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string field)
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        await (await http.PredictAsync(model, body)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task More_rows_than_the_maximum_is_a_413_and_an_unknown_version_a_404()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var rows = string.Join(",", Enumerable.Repeat(ModelApiClient.IrisRow, 51));
        await (await http.PredictAsync(model, $$"""{"instances":[{{rows}}]}""")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "instances");
        await (await http.PredictAsync(model, ModelApiClient.IrisRow, version: 99)).AssertProblemAsync(HttpStatusCode.NotFound);
        var huge = new string(' ', 1024 * 1024 + 10) + ModelApiClient.IrisRow;
        await (await http.PredictAsync(model, huge)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_version_still_training_is_a_409_naming_it()
    {
        host.Ingest.Add("iris-slow", ModelWorkerData.IrisCsv, delay: TimeSpan.FromSeconds(3));
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-wait");
        using var accepted = await http.PostAsJsonAsync("/api/models/iris-wait/versions", new { datasetId = "iris-slow", trainer = "lbfgs" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var problem = await (await http.PredictAsync("iris-wait", ModelApiClient.IrisRow, version: 1)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("still training", problem.GetProperty("detail").GetString());
        await (await http.PredictAsync("iris-wait", ModelApiClient.IrisRow)).AssertProblemAsync(HttpStatusCode.Conflict);
        await http.WaitForJobAsync(accepted.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("iris-wait", ModelApiClient.IrisRow)).StatusCode);
    }

    [Fact]
    public async Task The_traffic_split_is_honoured_and_the_production_alias_answers_without_it()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-canary");
        await http.TrainAsync("iris-canary", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        await http.TrainAsync("iris-canary", new { datasetId = "iris", trainer = "sdca", seed = 1 });
        (await http.PatchAsync("iris-canary", """{"aliases":{"production":1},"traffic":[{"version":1,"weight":70},{"version":2,"weight":30}],"cachePredictions":false}""")).EnsureSuccessStatusCode();

        var versions = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            using var response = await http.PredictAsync("iris-canary", ModelApiClient.IrisRow);
            versions.Add(response.Headers.GetValues("X-Model-Version").Single());
        }
        Assert.InRange(versions.Count(v => v == "2"), 80, 160); // 30 % of 400 = 120, ± 5 standard deviations

        (await http.PatchAsync("iris-canary", """{"traffic":null}""")).EnsureSuccessStatusCode();
        using var production = await http.PredictAsync("iris-canary", ModelApiClient.IrisRow);
        Assert.Equal("1", production.Headers.GetValues("X-Model-Version").Single());
        using var asked = await http.PredictAsync("iris-canary", ModelApiClient.IrisRow, version: 2);
        Assert.Equal("2", asked.Headers.GetValues("X-Model-Version").Single());
    }
}
