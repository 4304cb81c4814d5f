using System.Text.Json;

namespace DsApp.Tests.Stack;

/// <summary>The dashboard's buttons on the gateway's row, run as the dashboard runs them.</summary>
[Collection(DsAppCollection.Name)]
public sealed class DashboardCommandTests(DsAppFixture app)
{
    [Fact]
    public async Task Load_samples_creates_every_sample_dataset_and_running_it_again_is_harmless()
    {
        var first = await app.RunCommandAsync("api", "load-samples");
        Assert.True(first.Success, first.Message);
        var again = await app.RunCommandAsync("api", "load-samples");
        Assert.True(again.Success, again.Message);
        Assert.Contains("already there", again.Message);

        using var http = app.CreateGatewayClient();
        using var samples = JsonDocument.Parse(await http.GetStringAsync("/api/samples"));
        foreach (var sample in samples.RootElement.GetProperty("items").EnumerateArray())
        {
            var name = sample.GetProperty("name").GetString();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/datasets/{name}")).StatusCode);
        }
    }

    [Fact]
    public async Task Train_samples_queues_a_training_job_per_sample()
    {
        Assert.True((await app.RunCommandAsync("api", "load-samples")).Success);
        var result = await app.RunCommandAsync("api", "train-samples");
        Assert.True(result.Success, result.Message);

        using var http = app.CreateGatewayClient();
        var jobs = result.Message!.Split("/api/jobs/").Skip(1).Select(rest => "/api/jobs/" + rest.Split([';', '.'])[0]).ToList();
        Assert.Equal(3, jobs.Count);
        foreach (var job in jobs)
        {
            using var response = await http.GetAsync(job);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("train", (await response.ReadJsonAsync()).GetProperty("kind").GetString());
            // Free the shared app's worker for the other tests; a job that already ended answers 409.
            Assert.Contains((await http.DeleteAsync(job)).StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict });
        }
    }
}
