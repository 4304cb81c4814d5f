using DsApp.ModelWorker.Training;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// Every trainer through the worker's API, in the worker as it starts in production. Run as they are, and again by
/// <see cref="NativeRuntimeTests"/> in a process where the system's OpenMP runtime is hidden, as in the official image:
/// there <see cref="ExpectShippedOpenMp"/> is set and the worker must be using the copy it ships.
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class EveryTrainerTrainsInTheWorkerTests(ModelWorkerHost worker)
{
    /// <summary>Set by the test that hides the system's libgomp.so.1.</summary>
    public const string ExpectShippedOpenMp = "DSAPP_TEST_EXPECT_SHIPPED_OPENMP";

    [Theory]
    [InlineData("lbfgs")]
    [InlineData("sdca")]
    [InlineData("fast-tree")]
    [InlineData("light-gbm")]
    [InlineData("auto")]
    public async Task The_trainer_trains_iris_in_the_worker(string trainer)
    {
        if (Environment.GetEnvironmentVariable(ExpectShippedOpenMp) == "1")
            Assert.Equal(OpenMpSource.Shipped, OpenMpRuntime.EnsureLoaded());

        using var http = worker.CreateClient();
        var model = $"native-{trainer}";
        (await http.CreateModelAsync(model)).EnsureSuccessStatusCode();
        var job = await http.TrainAsync(model, new { datasetId = "iris", trainer, seed = 3 });

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
    }
}
