using System.Text;
using System.Text.Json;

namespace DsApp.Tests.ModelWorker.OpenInference;

/// <summary>The statistics extension (<c>GET /v2/models[/{m}[/versions/{v}]]/stats</c>), shaped as Triton's, counted by the prediction pipeline.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OpenInferenceStatisticsTests(ModelWorkerHost host)
{
    private const string TwoRows = """
        {"inputs":[
          {"name":"sepal_length","shape":[2],"datatype":"FP32","data":[5.0,6.4]},{"name":"sepal_width","shape":[2],"datatype":"FP32","data":[3.4,2.8]},
          {"name":"petal_length","shape":[2],"datatype":"FP32","data":[1.5,5.6]},{"name":"petal_width","shape":[2],"datatype":"FP32","data":[0.2,2.2]}]}
        """;

    private static Task<HttpResponseMessage> InferAsync(HttpClient http, string model, string json) =>
        http.PostAsync($"/v2/models/{model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> StatisticsAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Single(JsonElement answer, string model, string version) =>
        Assert.Single(answer.GetProperty("model_stats").EnumerateArray(),
            s => s.GetProperty("name").GetString() == model && s.GetProperty("version").GetString() == version);

    private static long Count(JsonElement stat, string name) => stat.GetProperty("inference_stats").GetProperty(name).GetProperty("count").GetInt64();
    private static long Ns(JsonElement stat, string name) => stat.GetProperty("inference_stats").GetProperty(name).GetProperty("ns").GetInt64();

    [Fact]
    public async Task Each_version_counts_successes_failures_cache_hits_and_misses_and_the_rows_its_model_ran_from_both_protocols()
    {
        const string model = "iris-stats";
        using var http = host.CreateClient();
        (await http.CreateModelAsync(model)).EnsureSuccessStatusCode();
        await http.TrainAsync(model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });

        var untouched = Single(await StatisticsAsync(http, $"/v2/models/{model}/stats"), model, "1");
        Assert.Equal(0, untouched.GetProperty("last_inference").GetInt64());
        Assert.Equal(0, Count(untouched, "success"));
        Assert.Empty(untouched.GetProperty("batch_stats").EnumerateArray());

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await InferAsync(http, model, TwoRows)).EnsureSuccessStatusCode();       // both rows run: a cache miss
        (await InferAsync(http, model, TwoRows)).EnsureSuccessStatusCode();       // both rows from the cache: a hit
        (await http.PredictAsync(model, """{"sepal_length":5.0,"sepal_width":3.4,"petal_length":1.5,"petal_width":0.2}""")).EnsureSuccessStatusCode(); // REST, cached by infer: a hit
        Assert.Equal(HttpStatusCode.BadRequest, (await InferAsync(http, model, TwoRows.Replace("[5.0,6.4]", "[5.0]"))).StatusCode); // a failure
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var stat = Single(await StatisticsAsync(http, $"/v2/models/{model}/versions/1/stats"), model, "1");
        Assert.Equal(3, Count(stat, "success"));
        Assert.Equal(1, Count(stat, "fail"));
        Assert.Equal(2, Count(stat, "cache_hit"));
        Assert.Equal(1, Count(stat, "cache_miss"));
        Assert.Equal(3, Count(stat, "queue"));
        Assert.Equal(1, Count(stat, "compute_input"));
        Assert.Equal(1, Count(stat, "compute_infer"));
        Assert.Equal(1, Count(stat, "compute_output"));
        Assert.Equal(2, stat.GetProperty("inference_count").GetInt64());
        Assert.Equal(1, stat.GetProperty("execution_count").GetInt64());
        Assert.True(Ns(stat, "success") > 0 && Ns(stat, "compute_infer") > 0 && Ns(stat, "fail") > 0, stat.ToString());
        Assert.True(Ns(stat, "compute_infer") < Ns(stat, "success"), stat.ToString());
        Assert.InRange(stat.GetProperty("last_inference").GetInt64(), before, after);

        // Every model this replica served, the same counts.
        Assert.Equal(3, Count(Single(await StatisticsAsync(http, "/v2/models/stats"), model, "1"), "success"));

        // Without the cache, neither hits nor misses: every request runs the model.
        (await http.PatchAsync(model, """{"cachePredictions":false}""")).EnsureSuccessStatusCode();
        (await InferAsync(http, model, TwoRows)).EnsureSuccessStatusCode();
        stat = Single(await StatisticsAsync(http, $"/v2/models/{model}/stats"), model, "1");
        Assert.Equal((2, 1), (Count(stat, "cache_hit"), Count(stat, "cache_miss")));
        Assert.Equal(4, stat.GetProperty("inference_count").GetInt64());
        Assert.Equal(2, stat.GetProperty("execution_count").GetInt64());

        // A model deleted and created again under the name starts from nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/models/{model}")).StatusCode);
        (await http.CreateModelAsync(model)).EnsureSuccessStatusCode();
        await http.TrainAsync(model, new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal(0, Count(Single(await StatisticsAsync(http, $"/v2/models/{model}/stats"), model, "1"), "success"));
    }

    [Fact]
    public async Task An_unknown_model_or_version_is_a_404_error_and_a_version_that_is_not_a_number_a_400()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        foreach (var (path, status) in new[]
        {
            ("/v2/models/no-such-model/stats", HttpStatusCode.NotFound),
            ($"/v2/models/{model}/versions/9/stats", HttpStatusCode.NotFound),
            ($"/v2/models/{model}/versions/one/stats", HttpStatusCode.BadRequest),
            ("/v2/models/Not_A_Name/stats", HttpStatusCode.BadRequest),
        })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(JsonValueKind.String, (await response.ReadJsonAsync()).GetProperty("error").ValueKind);
        }
    }
}
