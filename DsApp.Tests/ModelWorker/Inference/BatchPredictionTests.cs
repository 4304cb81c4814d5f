namespace DsApp.Tests.ModelWorker.Inference;

[Collection(ModelWorkerCollection.Name)]
public sealed class BatchPredictionTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_batch_prediction_writes_a_new_dataset_with_the_input_columns_and_the_predictions()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var accepted = await http.PostAsJsonAsync("/api/models/iris/batch-predictions", new { datasetId = "iris" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await http.WaitForJobAsync(accepted.Headers.Location!.ToString());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("batch-predict", job.GetProperty("kind").GetString());
        var result = job.GetProperty("result");
        Assert.Equal(150, result.GetProperty("rows").GetInt64());

        var csv = host.Ingest.Csv(result.GetProperty("datasetId").GetString()!)!;
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sepal_length,sepal_width,petal_length,petal_width,species,predicted_label,probability_setosa,probability_versicolor,probability_virginica", lines[0]);
        Assert.Equal(151, lines.Length);
        var agree = lines.Skip(1).Select(l => l.Split(',')).Count(f => f[4] == f[5]);
        Assert.True(agree >= 135, $"{agree} of 150 predictions match the species");
    }

    [Fact]
    public async Task A_batch_prediction_of_a_dataset_lacking_a_feature_or_of_an_unknown_version_is_refused()
    {
        await host.ReadyIrisAsync();
        host.Ingest.Add("petals", "petal_length,petal_width\n1.4,0.2\n");
        using var http = host.CreateClient();
        await (await http.PostAsJsonAsync("/api/models/iris/batch-predictions", new { datasetId = "petals" })).AssertProblemAsync(HttpStatusCode.BadRequest, "datasetId");
        await (await http.PostAsJsonAsync("/api/models/iris/batch-predictions", new { datasetId = "iris", version = 42 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.PostAsJsonAsync("/api/models/iris/batch-predictions", new { datasetId = "nothing" })).AssertProblemAsync(HttpStatusCode.BadRequest, "datasetId");
    }
}
