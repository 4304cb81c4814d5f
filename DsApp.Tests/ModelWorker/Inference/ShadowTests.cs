using System.Diagnostics.Metrics;

namespace DsApp.Tests.ModelWorker.Inference;

[Collection(ModelWorkerCollection.Name)]
public sealed class ShadowTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_shadow_version_sees_its_share_of_requests_on_both_protocols_is_compared_and_never_answers()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-shadow");
        await http.TrainAsync("iris-shadow", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        await http.TrainAsync("iris-shadow", new { datasetId = "iris", trainer = "sdca", seed = 1 });
        (await http.PatchAsync("iris-shadow", """{"aliases":{"production":1},"shadow":{"version":2,"percent":100},"cachePredictions":false}""")).EnsureSuccessStatusCode();

        long compared = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "DsApp.ModelWorker" && instrument.Name == "dsapp.shadow.comparisons") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "model" && (string?)tag.Value == "iris-shadow") Interlocked.Add(ref compared, value);
        });
        listener.Start();

        for (var i = 0; i < 20; i++)
        {
            using var response = await http.PredictAsync("iris-shadow", ModelApiClient.IrisRow);
            Assert.Equal("1", response.Headers.GetValues("X-Model-Version").Single());
        }
        // Open Inference Protocol infer goes through the same pipeline, shadow stage included.
        const string tensors = """
            {"inputs":[{"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.9]},{"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.0]},
                       {"name":"petal_length","shape":[1],"datatype":"FP32","data":[5.1]},{"name":"petal_width","shape":[1],"datatype":"FP32","data":[1.8]}]}
            """;
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.PostAsync("/v2/models/iris-shadow/infer", new StringContent(tensors, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal("1", response.Headers.GetValues("X-Model-Version").Single());
        }
        for (var wait = 0; wait < 50 && Interlocked.Read(ref compared) < 40; wait++) await Task.Delay(100);
        Assert.Equal(40, Interlocked.Read(ref compared));
    }
}
