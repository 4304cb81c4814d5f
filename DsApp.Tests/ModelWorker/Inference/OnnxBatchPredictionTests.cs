namespace DsApp.Tests.ModelWorker.Inference;

[Collection(ModelWorkerCollection.Name)]
public sealed class OnnxBatchPredictionTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_batch_prediction_with_an_onnx_version_writes_its_labels_and_probabilities_for_every_row()
    {
        using var http = host.CreateClient();
        var iris = OnnxFixtures.Load("iris-forest");
        await http.CreateModelForAsync("onnx-batch", iris);
        await http.ImportOnnxAsync("onnx-batch", 1, OnnxFixtures.File("iris-forest"));

        using var accepted = await http.PostAsJsonAsync("/api/models/onnx-batch/batch-predictions", new { datasetId = "iris" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await http.WaitForJobAsync(accepted.Headers.Location!.ToString());
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        Assert.Equal(150, result.GetProperty("rows").GetInt64());

        var lines = host.Ingest.Csv(result.GetProperty("datasetId").GetString()!)!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sepal_length,sepal_width,petal_length,petal_width,species,predicted_label,probability_0,probability_1,probability_2", lines[0]);
        // The graph's classes are iris's 0, 1, 2 (setosa, versicolor, virginica), the dataset's the names.
        var names = iris.Json.GetProperty("class_names").EnumerateArray().Select(n => n.GetString()).ToList();
        var agree = lines.Skip(1).Select(l => l.Split(',')).Count(f => names[int.Parse(f[5])] == f[4]);
        Assert.True(agree >= 140, $"{agree} of 150 predictions match the species");
    }
}
