using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text;

namespace DsApp.Tests.Stack;

/// <summary>
/// Processes killed as a crash kills them (the whole tree, at once), in the middle of the work: what a client was told
/// exists stays, nothing half-made shows, and the work done again succeeds once.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class CrashRecoveryTests(OutageFixture app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task An_ingest_killed_while_an_upload_streams_shows_no_part_of_it_and_the_upload_sent_again_commits()
    {
        using var gateway = app.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Created, (await gateway.PutAsync("/api/datasets/crash-upload", Csv("a,b\n1,x\n2,y\n"))).StatusCode);

        // A large body that stops half way: the ingest is storing it when it dies.
        var body = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // holds the whole start of the body until it is read
        await body.Writer.WriteAsync(Encoding.UTF8.GetBytes("a,b\n"));
        var lines = new StringBuilder();
        for (var i = 0; i < 50_000; i++) lines.Append(i).Append(",row-").Append(i).Append('\n');
        await body.Writer.WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()));
        await body.Writer.FlushAsync();
        var content = new StreamContent(body.Reader.AsStream());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var upload = gateway.PutAsync("/api/datasets/crash-upload", content);
        var temp = Path.Combine(app.StorePath, ".tmp");
        var deadline = DateTime.UtcNow + Wait;
        while (!Directory.EnumerateFiles(temp).Any(file => new FileInfo(file).Length > 0) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(Directory.EnumerateFiles(temp).Any(), "the upload never reached the store");

        await app.KillAsync("ingest", Wait);
        await body.Writer.CompleteAsync();
        try
        {
            using var answer = await upload;
            Assert.False(answer.IsSuccessStatusCode, $"an upload whose ingest died answered {answer.StatusCode}");
        }
        catch (HttpRequestException)
        {
            // The connection died with the process: as good an answer as a 502.
        }
        await app.RestartAsync("ingest", Wait);

        var dataset = await (await gateway.GetAsync("/api/datasets/crash-upload")).JsonAsync();
        Assert.Equal(1, dataset.GetProperty("version").GetInt32());
        var versions = await (await gateway.GetAsync("/api/datasets/crash-upload/versions")).JsonAsync();
        Assert.Equal(1, versions.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("/api/datasets/crash-upload/rows?version=2")).StatusCode);

        using var again = await gateway.PutAsync("/api/datasets/crash-upload", Csv("a,b\n3,z\n"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var rows = await (await gateway.GetAsync("/api/datasets/crash-upload/rows?version=2")).JsonAsync();
        Assert.Equal(1, rows.GetProperty("total").GetInt64());
        Assert.Equal("z", rows.GetProperty("rows")[0][1].GetString());
    }

    [Fact]
    public async Task A_model_worker_killed_while_it_trains_leaves_the_job_to_its_restart_which_makes_one_ready_version()
    {
        using var gateway = app.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Created, (await gateway.PostAsync("/api/samples/house-prices?id=crash-houses", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await gateway.CreateModelAsync("crash-trained", "regression", "price")).StatusCode);
        using var accepted = await gateway.PostAsJsonAsync("/api/models/crash-trained/versions",
            new { datasetId = "crash-houses", trainer = "fast-tree", options = new { iterations = 3000, leaves = 64 } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow + Wait;
        while ((await (await gateway.GetAsync(location)).JsonAsync()).GetProperty("status").GetString() != "running" && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        await app.KillAsync("modelworker", Wait);
        await app.RestartAsync("modelworker", Wait);

        var job = await gateway.WaitForJobAsync(location, TimeSpan.FromMinutes(3));
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var versions = (await (await gateway.GetAsync("/api/models/crash-trained/versions")).JsonAsync()).GetProperty("items");
        Assert.Equal(1, versions.GetArrayLength());
        Assert.Equal("ready", versions[0].GetProperty("status").GetString());
        // One model file: the killed run never committed one, the run that finished committed its own.
        var folder = Path.Combine(app.StorePath, "models", "crash-trained");
        Assert.Single(Directory.GetFiles(folder, "model-*.zip", SearchOption.AllDirectories));
        using var predicted = await gateway.PostAsync("/api/models/crash-trained/predict",
            new StringContent("""{"area_m2":80.5,"rooms":3,"age_years":20,"distance_km":4.2,"district":"north"}""", Encoding.UTF8, "application/json"));
        Assert.True(predicted.IsSuccessStatusCode, await predicted.Content.ReadAsStringAsync());
    }
}
