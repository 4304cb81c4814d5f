using System.Text;
using System.Text.Json;
using DsApp.ModelWorker.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.Tests.ModelWorker.OpenInference;

/// <summary>The model repository extension: the index reads the registry; load and unload act on the replica that answers.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OpenInferenceRepositoryTests(ModelWorkerHost host)
{
    private const string Tensors = """
        {"inputs":[{"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.9]},{"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.0]},
                   {"name":"petal_length","shape":[1],"datatype":"FP32","data":[5.1]},{"name":"petal_width","shape":[1],"datatype":"FP32","data":[1.8]}]}
        """;

    /// <summary>A POST as tritonclient makes it: no body at all, or a JSON one.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string? json = null) =>
        http.PostAsync(path, json is null ? new ByteArrayContent([]) : new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
    }

    private int Loaded(string model) => host.Factory.Services.GetRequiredService<LoadedModels>().CountLoaded(model);

    [Fact]
    public async Task The_index_lists_every_version_of_every_registered_model_ready_or_unavailable_and_why()
    {
        using var http = host.CreateClient();
        (await http.CreateModelAsync("iris-repo")).EnsureSuccessStatusCode();
        await http.TrainAsync("iris-repo", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        (await http.CreateModelAsync("iris-repo-empty")).EnsureSuccessStatusCode();
        host.Ingest.Add("iris-repo-slow", ModelWorkerData.IrisCsv, delay: TimeSpan.FromSeconds(3));
        using var training = await http.PostAsJsonAsync("/api/models/iris-repo/versions", new { datasetId = "iris-repo-slow", trainer = "lbfgs" });
        Assert.Equal(HttpStatusCode.Accepted, training.StatusCode);

        using var response = await PostAsync(http, "/v2/repository/index");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var index = (await response.ReadJsonAsync()).EnumerateArray().ToList();
        var ready = Assert.Single(index, e => e.GetProperty("name").GetString() == "iris-repo" && e.GetProperty("version").GetString() == "1");
        Assert.Equal(("READY", ""), (ready.GetProperty("state").GetString(), ready.GetProperty("reason").GetString()));
        var training2 = Assert.Single(index, e => e.GetProperty("name").GetString() == "iris-repo" && e.GetProperty("version").GetString() == "2");
        Assert.Equal("UNAVAILABLE", training2.GetProperty("state").GetString());
        Assert.Contains("training", training2.GetProperty("reason").GetString());
        var empty = Assert.Single(index, e => e.GetProperty("name").GetString() == "iris-repo-empty");
        Assert.False(empty.TryGetProperty("version", out _));
        Assert.Equal("UNAVAILABLE", empty.GetProperty("state").GetString());

        var readyOnly = (await (await PostAsync(http, "/v2/repository/index", """{"ready":true}""")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.All(readyOnly, e => Assert.Equal("READY", e.GetProperty("state").GetString()));
        Assert.Contains(readyOnly, e => e.GetProperty("name").GetString() == "iris-repo" && e.GetProperty("version").GetString() == "1");
        Assert.DoesNotContain(readyOnly, e => e.GetProperty("name").GetString() == "iris-repo-empty");

        Assert.Contains("ready", await ErrorAsync(await PostAsync(http, "/v2/repository/index", """{"ready":"yes"}"""), HttpStatusCode.BadRequest));
        await ErrorAsync(await PostAsync(http, "/v2/repository/index", "[1]"), HttpStatusCode.BadRequest);
        await http.WaitForJobAsync(training.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Unload_drops_this_replicas_loaded_versions_the_next_request_loads_again_and_load_loads_before_it_answers()
    {
        const string model = "iris-repo-load";
        using var http = host.CreateClient();
        (await http.CreateModelAsync(model)).EnsureSuccessStatusCode();
        await http.TrainAsync(model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, $"/v2/repository/models/{model}/load")).StatusCode);
        Assert.Equal(1, Loaded(model));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, $"/v2/repository/models/{model}/unload", """{"parameters":{"unload_dependents":true}}""")).StatusCode);
        Assert.Equal(0, Loaded(model));

        // Unloaded is not gone: the registry still has the version, and the next request loads it.
        using var inferred = await http.PostAsync($"/v2/models/{model}/infer", new StringContent(Tensors, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, inferred.StatusCode);
        Assert.Equal(1, Loaded(model));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, $"/v2/repository/models/{model}/unload")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, $"/v2/repository/models/{model}/load", "{}")).StatusCode);
        Assert.Equal(1, Loaded(model));
    }

    [Fact]
    public async Task Load_and_unload_refuse_an_unknown_model_404_and_a_model_with_nothing_to_load_or_a_config_to_load_400()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        Assert.Contains("no model", await ErrorAsync(await PostAsync(http, "/v2/repository/models/no-such-model/load"), HttpStatusCode.NotFound));
        await ErrorAsync(await PostAsync(http, "/v2/repository/models/no-such-model/unload"), HttpStatusCode.NotFound);
        (await http.CreateModelAsync("iris-repo-none")).EnsureSuccessStatusCode();
        Assert.Contains("no ready version", await ErrorAsync(await PostAsync(http, "/v2/repository/models/iris-repo-none/load"), HttpStatusCode.BadRequest));
        Assert.Contains("config", await ErrorAsync(await PostAsync(http, $"/v2/repository/models/{model}/load", """{"parameters":{"config":"{}"}}"""), HttpStatusCode.BadRequest));
        await ErrorAsync(await PostAsync(http, $"/v2/repository/models/{model}/load", "{not json"), HttpStatusCode.BadRequest);
        await ErrorAsync(await PostAsync(http, "/v2/repository/models/Not_A_Name/unload"), HttpStatusCode.BadRequest);
    }
}
