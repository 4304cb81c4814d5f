using System.Text;
using System.Text.Json;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>An ML.NET version and an ONNX version of one model, behind the same rules: traffic split, pinning, capture, alias swap, delete.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OnnxMixedVersionsTests(ModelWorkerHost host)
{
    private const string Model = "onnx-mixed";
    private static readonly string[] IrisFeatures = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    [Fact]
    public async Task An_mlnet_v1_and_an_onnx_v2_answer_behind_one_traffic_split_and_the_onnx_version_swaps_and_deletes_like_any_other()
    {
        using var http = host.CreateClient();
        (await http.PostAsJsonAsync("/api/models", new { name = Model, task = "multiclass-classification", label = "species", features = IrisFeatures })).EnsureSuccessStatusCode();
        var trained = await http.TrainAsync(Model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal("succeeded", trained.GetProperty("status").GetString());
        await http.ImportOnnxAsync(Model, 2, OnnxFixtures.File("iris-logreg"));
        Assert.Equal("mlnet", (await (await http.GetAsync($"/api/models/{Model}/versions/1")).ReadJsonAsync()).GetProperty("runtime").GetString());
        Assert.Equal("onnx", (await (await http.GetAsync($"/api/models/{Model}/versions/2")).ReadJsonAsync()).GetProperty("runtime").GetString());

        (await http.PatchAsync(Model, """{"traffic":[{"version":1,"weight":50},{"version":2,"weight":50}],"cachePredictions":false}""")).EnsureSuccessStatusCode();
        var labels = new Dictionary<string, HashSet<string>>();
        for (var i = 0; i < 40; i++)
        {
            using var predicted = await http.PredictAsync(Model, ModelApiClient.SetosaRow);
            var answer = await predicted.ReadJsonAsync();
            Assert.True(predicted.StatusCode == HttpStatusCode.OK, answer.ToString());
            var version = predicted.Headers.GetValues("X-Model-Version").Single();
            labels.TryAdd(version, []);
            labels[version].Add(answer.GetProperty("predictions")[0].GetProperty("label").GetString()!);
        }
        // Both answered; each in its own class names (ML.NET keeps the dataset's, the ONNX graph has iris's 0, 1, 2).
        Assert.Equal(["setosa"], labels["1"]);
        Assert.Equal(["0"], labels["2"]);

        var inferred = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await http.PostAsync($"/v2/models/{Model}/infer", new StringContent(InferSetosa, Encoding.UTF8, "application/json"));
            var answer = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToString());
            inferred.Add(answer.GetProperty("model_version").GetString()!);
        }
        Assert.Equal(["1", "2"], inferred.Order());

        // Capture keeps the ONNX version's rows and answers like any other version's.
        (await http.PatchAsync(Model, """{"capture":{"percent":100}}""")).EnsureSuccessStatusCode();
        (await http.PredictAsync(Model, ModelApiClient.IrisRow, version: 2)).EnsureSuccessStatusCode();
        await host.Factory.Services.GetRequiredService<PayloadCapture>().FlushAsync(CancellationToken.None);
        var captured = Directory.GetFiles(Path.Combine(host.StorePath, "captures", Model, host.GenerationOf(Model), "2"), "*.ndjson").SelectMany(File.ReadAllLines).ToList();
        using (var line = JsonDocument.Parse(Assert.Single(captured)))
            Assert.Equal("2", line.RootElement.GetProperty("output").GetProperty("label").GetString());

        // Hot swap to the ONNX version alone, then back, and the ONNX version deleted: its session is dropped.
        (await http.PatchAsync(Model, """{"traffic":null,"aliases":{"production":2},"capture":null}""")).EnsureSuccessStatusCode();
        using (var predicted = await http.PredictAsync(Model, ModelApiClient.SetosaRow))
            Assert.Equal("2", predicted.Headers.GetValues("X-Model-Version").Single());
        await (await http.DeleteAsync($"/api/models/{Model}/versions/2")).AssertProblemAsync(HttpStatusCode.Conflict);
        (await http.PatchAsync(Model, """{"aliases":{"production":1}}""")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/models/{Model}/versions/2")).StatusCode);
        using (var predicted = await http.PredictAsync(Model, ModelApiClient.SetosaRow))
            Assert.Equal("1", predicted.Headers.GetValues("X-Model-Version").Single());
        Assert.Equal(1, host.Factory.Services.GetRequiredService<LoadedModels>().CountLoaded(Model));
        Assert.False(Directory.Exists(host.VersionFolder(Model, 2)));
    }

    private const string InferSetosa = """
        {"inputs":[
          {"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.1]},
          {"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.5]},
          {"name":"petal_length","shape":[1],"datatype":"FP32","data":[1.4]},
          {"name":"petal_width","shape":[1],"datatype":"FP32","data":[0.2]}]}
        """;
}
