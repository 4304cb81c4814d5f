using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace DsApp.Tests.ModelWorker.Registry;

/// <summary><c>GET /api/models/{name}/versions/{v}/onnx</c>: a version as an ONNX file that predicts what the version predicts.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OnnxExportTests(ModelWorkerHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task An_mlnet_version_exported_as_onnx_predicts_the_labels_and_probabilities_the_version_answers()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await http.GetAsync("/api/models/iris/versions/1/onnx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/onnx", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("iris-v1.onnx", response.Content.Headers.ContentDisposition?.FileName);
        using var session = new InferenceSession(await response.Content.ReadAsByteArrayAsync());

        var iris = OnnxFixtures.Load("iris-logreg");
        var version = await (await http.GetAsync("/api/models/iris/versions/1")).ReadJsonAsync();
        var classes = version.GetProperty("outputs")[0].GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
        var predictions = (await (await http.PredictAsync("iris", iris.Instances, version: 1)).ReadJsonAsync()).GetProperty("predictions");

        // ML.NET's export: one [N,1] float input per feature; PredictedLabel is the class's key (1-based), Score the probabilities.
        var inputs = iris.Features.Select(f => OrtValue.CreateTensorValueFromMemory(
            iris.Rows.EnumerateArray().Select(r => r.GetProperty(f).GetSingle()).ToArray(), [iris.RowCount, 1])).ToList();
        using var run = new RunOptions();
        using var results = session.Run(run, iris.Features.ToList(), inputs, ["PredictedLabel.output", "Score.output"]);
        var keys = results[0].GetTensorDataAsSpan<uint>().ToArray();
        var scores = results[1].GetTensorDataAsSpan<float>().ToArray();
        var largest = 0.0;
        for (var r = 0; r < iris.RowCount; r++)
        {
            Assert.Equal(predictions[r].GetProperty("label").GetString(), classes[(int)keys[r] - 1]);
            for (var c = 0; c < classes.Count; c++)
            {
                var difference = Math.Abs(predictions[r].GetProperty("probabilities").GetProperty(classes[c]).GetDouble() - scores[r * classes.Count + c]);
                Assert.True(difference <= 1e-5, $"row {r}, {classes[c]}: ONNX {scores[r * classes.Count + c]}");
                largest = Math.Max(largest, difference);
            }
        }
        foreach (var input in inputs) input.Dispose();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{iris.RowCount} rows, labels equal, largest probability difference {largest:G3}"));
    }

    [Fact]
    public async Task An_onnx_version_exports_its_own_file_and_an_unknown_version_is_404()
    {
        using var http = host.CreateClient();
        var file = OnnxFixtures.File("iris-forest");
        await http.CreateModelForAsync("onnx-export", OnnxFixtures.Load("iris-forest"));
        await http.ImportOnnxAsync("onnx-export", 1, file);

        using var response = await http.GetAsync("/api/models/onnx-export/versions/1/onnx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file, await response.Content.ReadAsByteArrayAsync());
        await (await http.GetAsync("/api/models/onnx-export/versions/2/onnx")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
