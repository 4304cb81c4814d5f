using System.Net.Http.Headers;
using System.Text;

namespace DsApp.Tests.ModelWorker.Registry;

/// <summary>The model registry's one write path holds under concurrent writers, partial deletes and refused imports.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class ModelWritePathTests(ModelWorkerHost host)
{
    /// <summary>The iris model file trained by the fixture, wherever the store keeps it.</summary>
    private async Task<byte[]> IrisFileAsync()
    {
        await host.ReadyIrisAsync();
        var file = Directory.GetFiles(Path.Combine(host.StorePath, "models", "iris"), "*.zip", SearchOption.AllDirectories).First();
        return await File.ReadAllBytesAsync(file);
    }

    [Fact]
    public async Task Twenty_concurrent_patches_with_one_if_match_give_exactly_one_200_and_412s()
    {
        using var http = host.CreateClient();
        using var created = await http.CreateModelAsync("patched-at-once");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.Tag;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => http.PatchAsync("patched-at-once", $$"""{"description":"writer {{i}}"}""", etag)));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = await answers.Single(a => a.StatusCode == HttpStatusCode.OK).ReadJsonAsync();
        var stored = await (await http.GetAsync("/api/models/patched-at-once")).ReadJsonAsync();
        Assert.Equal(winner.GetProperty("description").GetString(), stored.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_give_one_201_and_409s()
    {
        using var http = host.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => http.CreateModelAsync("created-at-once")));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Aliases_set_while_trainings_are_accepted_survive_them()
    {
        const string model = "aliased-while-training";
        using var http = host.CreateClient();
        await http.CreateModelAsync(model);
        Assert.Equal("succeeded", (await http.TrainAsync(model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 })).GetProperty("status").GetString());
        for (var round = 0; round < 5; round++)
        {
            var alias = $"round{round}";
            var training = http.PostAsJsonAsync($"/api/models/{model}/versions", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
            var patch = http.PatchAsync(model, "{\"aliases\":{\"" + alias + "\":1}}");
            Assert.Equal(HttpStatusCode.OK, (await patch).StatusCode);
            using var accepted = await training;
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await http.WaitForJobAsync(accepted.Headers.Location!.ToString());
            var stored = await (await http.GetAsync($"/api/models/{model}")).ReadJsonAsync();
            Assert.True(stored.GetProperty("aliases").TryGetProperty(alias, out var kept), $"alias {alias} was lost: {stored}");
            Assert.Equal(1, kept.GetInt32());
        }
    }

    [Fact]
    public async Task A_model_whose_delete_stopped_after_its_manifest_comes_back_empty_when_created_again()
    {
        var file = await IrisFileAsync();
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("half-deleted")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/half-deleted/versions/1", ModelApiClient.ZipContent(file))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/half-deleted/versions/2", ModelApiClient.ZipContent(file))).StatusCode);

        // A delete that stops once the manifest is gone leaves every other object: keep them, delete, put them back.
        var folder = Path.Combine(host.StorePath, "models", "half-deleted");
        var left = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "model.json")
            .ToDictionary(path => path, File.ReadAllBytes);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/half-deleted")).StatusCode);
        foreach (var (path, bytes) in left)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }

        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("half-deleted")).StatusCode);
        var versions = await (await http.GetAsync("/api/models/half-deleted/versions")).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());
        using var predicted = await http.PredictAsync("half-deleted", ModelApiClient.IrisRow);
        Assert.NotEqual(HttpStatusCode.OK, predicted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/models/half-deleted/versions/1")).StatusCode);
    }

    [Fact]
    public async Task A_refused_import_holds_no_version_number()
    {
        var file = await IrisFileAsync();
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("import-retried")).StatusCode);
        await (await http.PutAsync("/api/models/import-retried/versions/3", ModelApiClient.ZipContent(Encoding.UTF8.GetBytes("not a model")))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        using var corrected = await http.PutAsync("/api/models/import-retried/versions/3", ModelApiClient.ZipContent(file));
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task A_deleted_version_number_is_never_given_again()
    {
        var file = await IrisFileAsync();
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("numbers-kept")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/numbers-kept/versions/1", ModelApiClient.ZipContent(file))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/numbers-kept/versions/2", ModelApiClient.ZipContent(file))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/numbers-kept/versions/2")).StatusCode);
        await (await http.PutAsync("/api/models/numbers-kept/versions/2", ModelApiClient.ZipContent(file))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("/api/models/numbers-kept/versions/3", ModelApiClient.ZipContent(file))).StatusCode);
    }

    [Fact]
    public async Task A_model_file_that_would_inflate_like_a_bomb_is_refused_before_anything_decompresses_it()
    {
        var model = await IrisFileAsync();
        using var file = new MemoryStream();
        file.Write(model);
        using (var archive = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        await using (var padding = archive.CreateEntry("padding.bin", System.IO.Compression.CompressionLevel.SmallestSize).Open())
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 100; i++) padding.Write(zeros);
        }
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.CreateModelAsync("bomb-refused")).StatusCode);
        var problem = await (await http.PutAsync("/api/models/bomb-refused/versions/1", ModelApiClient.ZipContent(file.ToArray()))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Contains("inflate", problem.GetProperty("detail").GetString());
        var versions = await (await http.GetAsync("/api/models/bomb-refused/versions")).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());
    }
}
