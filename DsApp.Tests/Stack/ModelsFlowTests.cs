using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Stack;

/// <summary>The model worker's whole story through the gateway, with the real ingest service and Redis as separate processes.</summary>
[Collection(DsAppCollection.Name)]
public sealed class ModelsFlowTests(DsAppFixture app)
{
    [Fact]
    public async Task Sample_train_promote_predict_infer_split_swap_under_load_batch_and_delete()
    {
        using var http = app.CreateGatewayClient();
        using var sample = await http.PostAsync("/api/samples/iris?id=iris-flow", null);
        Assert.Equal(HttpStatusCode.Created, sample.StatusCode);
        (await http.CreateModelAsync("flowers")).EnsureSuccessStatusCode();

        // Train two versions; the first must learn iris.
        var first = await http.TrainAsync("flowers", new { datasetId = "iris-flow", trainer = "lbfgs", seed = 1 });
        Assert.True(first.GetProperty("status").GetString() == "succeeded", first.ToString());
        Assert.True(first.GetProperty("result").GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.9);
        var second = await http.TrainAsync("flowers", new { datasetId = "iris-flow", trainer = "auto", seed = 2, options = new { iterations = 20 } });
        Assert.Equal("succeeded", second.GetProperty("status").GetString());

        // Promote version 1 and predict through the gateway.
        (await http.PatchAsync("flowers", """{"aliases":{"production":1},"cachePredictions":false}""")).EnsureSuccessStatusCode();
        using (var predicted = await http.PredictAsync("flowers", ModelApiClient.SetosaRow))
        {
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
            Assert.Equal("1", predicted.Headers.GetValues("X-Model-Version").Single());
            Assert.Equal("setosa", (await predicted.ReadJsonAsync()).GetProperty("predictions")[0].GetProperty("label").GetString());
        }
        using (var predictor = app.CreateGatewayClient(DsAppFixture.PredictorKey))
        {
            var infer = """{"inputs":[{"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.1]},{"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.5]},{"name":"petal_length","shape":[1],"datatype":"FP32","data":[1.4]},{"name":"petal_width","shape":[1],"datatype":"FP32","data":[0.2]}]}""";
            using var inferred = await predictor.PostAsync("/v2/models/flowers/infer", new StringContent(infer, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, inferred.StatusCode);
            var outputs = (await inferred.ReadJsonAsync()).GetProperty("outputs");
            Assert.Equal("setosa", outputs[0].GetProperty("data")[0].GetString());
        }

        // A 75/25 split is honoured within tolerance.
        (await http.PatchAsync("flowers", """{"traffic":[{"version":1,"weight":75},{"version":2,"weight":25}]}""")).EnsureSuccessStatusCode();
        var answeredBy2 = 0;
        for (var i = 0; i < 300; i++)
        {
            using var response = await http.PredictAsync("flowers", ModelApiClient.IrisRow);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (response.Headers.GetValues("X-Model-Version").Single() == "2") answeredBy2++;
        }
        Assert.InRange(answeredBy2, 40, 110); // 75 expected; ± 5 standard deviations

        // Swap production to version 2 while clients keep predicting: no request may fail.
        (await http.PatchAsync("flowers", """{"traffic":null}""")).EnsureSuccessStatusCode();
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var answered = 0;
        var clients = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var client = app.CreateGatewayClient(DsAppFixture.PredictorKey);
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PredictAsync("flowers", ModelApiClient.IrisRow);
                Interlocked.Increment(ref answered);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        })).ToList();
        await Task.Delay(1000);
        (await http.PatchAsync("flowers", """{"aliases":{"production":2}}""")).EnsureSuccessStatusCode();
        await Task.Delay(1500);
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.Equal(0, failures);
        Assert.True(answered > 50, $"only {answered} requests were made during the swap");
        using (var after = await http.PredictAsync("flowers", ModelApiClient.IrisRow))
            Assert.Equal("2", after.Headers.GetValues("X-Model-Version").Single());

        // A batch prediction writes a new dataset through ingest.
        using var batch = await http.PostAsJsonAsync("/api/models/flowers/batch-predictions", new { datasetId = "iris-flow" });
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        var job = await http.WaitForJobAsync(batch.Headers.Location!.ToString());
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var output = job.GetProperty("result").GetProperty("datasetId").GetString();
        var dataset = await (await http.GetAsync($"/api/datasets/{output}")).ReadJsonAsync();
        Assert.Equal(150, dataset.GetProperty("rowCount").GetInt64());
        Assert.Contains("predicted_label", dataset.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        // Delete: the model and its versions are gone.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/flowers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/models/flowers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PredictAsync("flowers", ModelApiClient.IrisRow)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(app.StorePath, "models", "flowers")) &&
                     Directory.EnumerateFiles(Path.Combine(app.StorePath, "models", "flowers"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task A_reader_key_cannot_predict_and_a_predictor_key_cannot_train()
    {
        using var reader = app.CreateGatewayClient(DsAppFixture.ReaderKey);
        using var predictor = app.CreateGatewayClient(DsAppFixture.PredictorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PredictAsync("any", ModelApiClient.IrisRow)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await predictor.PostAsJsonAsync("/api/models/any/versions", new { datasetId = "iris" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_model_file_larger_than_kestrels_default_body_limit_imports_through_the_gateway()
    {
        using var http = app.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/samples/iris?id=iris-large-import", null)).StatusCode);
        (await http.CreateModelAsync("large-import")).EnsureSuccessStatusCode();
        Assert.Equal("succeeded", (await http.TrainAsync("large-import", new { datasetId = "iris-large-import", trainer = "lbfgs", seed = 1 })).GetProperty("status").GetString());
        var trained = Directory.GetFiles(Path.Combine(app.StorePath, "models", "large-import"), "model-*.zip", SearchOption.AllDirectories).Single();

        // 31 MB of incompressible bytes beside the model's own entries: past Kestrel's 30,000,000-byte default.
        using var file = new MemoryStream();
        file.Write(await File.ReadAllBytesAsync(trained));
        using (var archive = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        await using (var padding = archive.CreateEntry("padding.bin", System.IO.Compression.CompressionLevel.NoCompression).Open())
        {
            var bytes = new byte[31 * 1024 * 1024];
            new Random(7).NextBytes(bytes);
            padding.Write(bytes);
        }
        var content = new ByteArrayContent(file.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        Assert.True(file.Length > 30_000_000);
        using var imported = await http.PutAsync("/api/models/large-import/versions/2", content);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("large-import", ModelApiClient.IrisRow, version: 2)).StatusCode);
    }
}
