using System.Text;
using System.Text.Json;

namespace DsApp.Tests.Ingest.Datasets;

/// <summary>Two ingest replicas over one store and one Redis: their commits to one dataset never share a version number.</summary>
[Collection(IngestAppCollection.Name)]
public sealed class ReplicaCommitTests(IngestAppFixture app)
{
    [Fact]
    public async Task Uploads_of_one_dataset_racing_on_two_replicas_each_get_a_version_of_their_own()
    {
        await using var secondReplica = app.WithWebHostBuilder(_ => { });
        HttpClient[] replicas = [app.CreateClient(), secondReplica.CreateClient()];
        const int uploads = 12;
        // Both replicas up and connected to Redis (their readiness checks it), as replicas serving traffic are.
        foreach (var replica in replicas) Assert.Equal(HttpStatusCode.OK, (await replica.GetAsync("/health")).StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, uploads).Select(async i =>
        {
            using var response = await replicas[i % 2].PutAsync("/api/datasets/raced", new StringContent($"x,y\n{i},{i}\n", Encoding.UTF8, "text/csv"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (Upload: i, Version: (await response.JsonAsync()).GetProperty("version").GetInt32());
        }));

        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("Redis is unreachable", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, uploads), answers.Select(a => a.Version).Order());
        foreach (var (upload, version) in answers)
        {
            var rows = await (await replicas[0].GetAsync($"/api/datasets/raced/rows?version={version}")).JsonAsync();
            Assert.Equal(upload, rows.GetProperty("rows")[0][0].GetInt32());
        }
        var dataset = await (await replicas[1].GetAsync("/api/datasets/raced")).JsonAsync();
        Assert.Equal(uploads, dataset.GetProperty("version").GetInt32());
    }
}
