using System.Net.Http.Headers;
using System.Text;

namespace DsApp.Tests.ModelWorker.Registry;

[Collection(ModelWorkerCollection.Name)]
public sealed class ImportAndAccessTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_model_file_trained_elsewhere_is_imported_as_a_ready_version_that_predicts()
    {
        await host.ReadyIrisAsync();
        var file = await File.ReadAllBytesAsync(host.ArtifactPath("iris", 1));
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-imported");

        using var imported = await http.PutAsync("/api/models/iris-imported/versions/5", ModelApiClient.ZipContent(file));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var version = await imported.ReadJsonAsync();
        Assert.Equal("imported", version.GetProperty("trainer").GetString());
        Assert.Equal("ready", version.GetProperty("status").GetString());
        Assert.Equal(4, version.GetProperty("inputs").GetArrayLength());

        using var predicted = await http.PredictAsync("iris-imported", ModelApiClient.SetosaRow);
        Assert.Equal("5", predicted.Headers.GetValues("X-Model-Version").Single());
        Assert.Equal("setosa", (await predicted.ReadJsonAsync()).GetProperty("predictions")[0].GetProperty("label").GetString());

        await (await http.PutAsync("/api/models/iris-imported/versions/5", ModelApiClient.ZipContent(file))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_file_that_is_not_a_model_or_lacks_a_feature_is_refused_and_leaves_no_version()
    {
        await host.ReadyIrisAsync();
        var file = await File.ReadAllBytesAsync(host.ArtifactPath("iris", 1));
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-bad-import");
        await (await http.PutAsync("/api/models/iris-bad-import/versions/1", ModelApiClient.ZipContent(Encoding.UTF8.GetBytes("not a zip")))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");

        (await http.PostAsJsonAsync("/api/models", new { name = "iris-more", task = "multiclass-classification", label = "species", features = new[] { "sepal_length", "colour" } })).EnsureSuccessStatusCode();
        await (await http.PutAsync("/api/models/iris-more/versions/1", ModelApiClient.ZipContent(file))).AssertProblemAsync(HttpStatusCode.BadRequest, "features.colour");
        using var text = new StringContent("x", Encoding.UTF8, "text/plain");
        await (await http.PutAsync("/api/models/iris-more/versions/2", text)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var versions = await (await http.GetAsync("/api/models/iris-bad-import/versions")).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_call_around_the_gateway_without_a_key_is_refused()
    {
        using var outside = host.CreateOutsideClient();
        using var response = await outside.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outside.GetAsync("/health")).StatusCode);
    }
}
