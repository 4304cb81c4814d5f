using System.Text.Json;

namespace DsApp.Tests.ModelWorker.OpenInference;

/// <summary><c>GET /v2/models/{m}[/versions/{v}]/config</c> in the JSON shape of Triton's ModelConfig, as tritonclient's get_model_config reads it.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OpenInferenceConfigTests(ModelWorkerHost host)
{
    /// <summary>Each tensor's name, data type and dims (as text, <c>-1,3</c>, so tuples compare by value).</summary>
    private static IEnumerable<(string Name, string Type, string Dims)> Tensors(JsonElement config, string field) =>
        config.GetProperty(field).EnumerateArray().Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("data_type").GetString()!,
            string.Join(",", t.GetProperty("dims").EnumerateArray().Select(d => d.GetInt32()))));

    [Fact]
    public async Task An_mlnet_classifiers_config_names_its_tensors_with_triton_types_and_no_batching()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        foreach (var path in new[] { $"/v2/models/{model}/config", $"/v2/models/{model}/versions/1/config" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var config = await response.ReadJsonAsync();
            Assert.Equal(model, config.GetProperty("name").GetString());
            Assert.Equal("mlnet", config.GetProperty("platform").GetString());
            Assert.Equal("mlnet", config.GetProperty("backend").GetString());
            // No batching: Triton's dims are then the whole shape, the variable row count included, as metadata lists it.
            Assert.Equal(0, config.GetProperty("max_batch_size").GetInt32());
            var inputs = Tensors(config, "input").ToList();
            Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], inputs.Select(i => i.Name));
            Assert.All(inputs, i => Assert.Equal(("TYPE_FP32", "-1"), (i.Type, i.Dims)));
            var outputs = Tensors(config, "output").ToDictionary(o => o.Name);
            Assert.Equal(("TYPE_STRING", "-1"), (outputs["predicted_label"].Type, outputs["predicted_label"].Dims));
            Assert.Equal(("TYPE_FP32", "-1,3"), (outputs["probabilities"].Type, outputs["probabilities"].Dims));
            Assert.Equal("setosa,versicolor,virginica", config.GetProperty("parameters").GetProperty("classes").GetProperty("string_value").GetString());
        }

        using var unknown = await http.GetAsync("/v2/models/no-such-model/config");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(JsonValueKind.String, (await unknown.ReadJsonAsync()).GetProperty("error").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v2/models/{model}/versions/9/config")).StatusCode);
    }

    [Fact]
    public async Task An_onnx_regressors_config_says_onnxruntime_and_an_fp32_value()
    {
        const string model = "onnx-config-gbr";
        var expected = OnnxFixtures.Load("regression-gbr");
        using var http = host.CreateClient();
        await http.CreateModelForAsync(model, expected);
        await http.ImportOnnxAsync(model, 1, OnnxFixtures.File("regression-gbr"));

        var config = await (await http.GetAsync($"/v2/models/{model}/config")).ReadJsonAsync();
        Assert.Equal("onnxruntime_onnx", config.GetProperty("platform").GetString());
        Assert.Equal("onnxruntime", config.GetProperty("backend").GetString());
        var output = Assert.Single(Tensors(config, "output"));
        Assert.Equal(("predicted_label", "TYPE_FP32", "-1"), output);
        Assert.False(config.TryGetProperty("parameters", out _));
        Assert.Equal(expected.Features.Count, Tensors(config, "input").Count());
    }
}
