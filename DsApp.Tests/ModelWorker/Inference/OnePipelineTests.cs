using System.Text;
using System.Text.Json;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>REST predict and Open Inference Protocol infer are two adapters over one prediction pipeline: they share its stages.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OnePipelineTests(ModelWorkerHost host)
{
    private const string Row = """{"sepal_length":6.7,"sepal_width":3.3,"petal_length":5.7,"petal_width":2.1}""";

    private static string Tensors(string outputs = """[{"name":"predicted_label"},{"name":"probabilities"}]""") => $$"""
        {"inputs":[
          {"name":"sepal_length","shape":[1],"datatype":"FP32","data":[6.7]},{"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.3]},
          {"name":"petal_length","shape":[1],"datatype":"FP32","data":[5.7]},{"name":"petal_width","shape":[1],"datatype":"FP32","data":[2.1]}],
         "outputs":{{outputs}}}
        """;

    private static Task<HttpResponseMessage> InferAsync(HttpClient http, string model, string json) =>
        http.PostAsync($"/v2/models/{model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_row_predicted_through_rest_is_a_cache_hit_when_inferred_through_v2_and_answers_the_same()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var lookups = new CacheLookups(host);
        var predicted = await (await http.PredictAsync(model, Row)).ReadJsonAsync();
        Assert.Equal((0, 1), lookups.Counts);

        lookups.Reset();
        using var response = await InferAsync(http, model, Tensors());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 0), lookups.Counts);
        Assert.Equal("1", response.Headers.GetValues("X-Model-Version").Single());
        var outputs = (await response.ReadJsonAsync()).GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var answer = predicted.GetProperty("predictions")[0];
        Assert.Equal(answer.GetProperty("label").GetString(), outputs["predicted_label"].GetProperty("data")[0].GetString());
        var probabilities = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        var classes = outputs["probabilities"].GetProperty("parameters").GetProperty("classes").GetString()!.Split(',');
        for (var i = 0; i < classes.Length; i++)
            Assert.Equal(answer.GetProperty("probabilities").GetProperty(classes[i]).GetDouble(), probabilities[i], 6);
    }

    [Fact]
    public async Task An_infer_asking_for_an_output_the_model_lacks_is_refused_before_anything_is_predicted_or_looked_up()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var lookups = new CacheLookups(host);
        using var response = await InferAsync(http, model, Tensors("""[{"name":"logits"}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("logits", (await response.ReadJsonAsync()).GetProperty("error").GetString());
        Assert.Equal((0, 0), lookups.Counts);
    }

    [Fact]
    public async Task Too_many_rows_are_a_413_on_both_protocols_by_the_one_row_limit()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        const int rows = 51; // the host's Inference:MaxRows is 50
        var instances = string.Join(",", Enumerable.Repeat(Row, rows));
        await (await http.PredictAsync(model, $$"""{"instances":[{{instances}}]}""")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var column = string.Join(",", Enumerable.Repeat("1.0", rows));
        var tensors = $$"""{"inputs":[{{string.Join(",", new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" }
            .Select(name => $$"""{"name":"{{name}}","shape":[{{rows}}],"datatype":"FP32","data":[{{column}}]}"""))}}]}""";
        using var inferred = await InferAsync(http, model, tensors);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, inferred.StatusCode);
        Assert.Contains("at most 50", (await inferred.ReadJsonAsync()).GetProperty("error").GetString());
    }
}
