using System.Text;
using System.Text.Json;

namespace DsApp.Tests.ModelWorker.OpenInference;

/// <summary>The Open Inference Protocol v2 endpoints, with requests shaped as the KServe v2 REST specification's examples.</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OpenInferenceTests(ModelWorkerHost host)
{
    // The specification's infer example ({"id":"42","inputs":[{name, shape, datatype, data}],"outputs":[{"name"}]}) with iris's inputs.
    private const string InferRequest = """
        {
          "id" : "42",
          "inputs" : [
            { "name" : "sepal_length", "shape" : [ 2 ], "datatype" : "FP32", "data" : [ 5.1, 6.9 ] },
            { "name" : "sepal_width", "shape" : [ 2, 1 ], "datatype" : "FP64", "data" : [ [3.5], [3.1] ] },
            { "name" : "petal_length", "shape" : [ 2 ], "datatype" : "FP32", "data" : [ 1.4, 5.9 ] },
            { "name" : "petal_width", "shape" : [ 2 ], "datatype" : "INT32", "data" : [ 0, 2 ] }
          ],
          "outputs" : [ { "name" : "predicted_label" }, { "name" : "probabilities" } ]
        }
        """;

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal(["error"], document.RootElement.EnumerateObject().Select(p => p.Name));
        return document.RootElement.GetProperty("error").GetString()!;
    }

    [Fact]
    public async Task Server_metadata_liveness_and_readiness_answer_as_the_specification_shapes_them()
    {
        using var http = host.CreateClient();
        var server = await (await http.GetAsync("/v2")).ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(server.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(server.GetProperty("version").GetString()));
        Assert.Equal(JsonValueKind.Array, server.GetProperty("extensions").ValueKind);
        Assert.True((await (await http.GetAsync("/v2/health/live")).ReadJsonAsync()).GetProperty("live").GetBoolean());
        Assert.True((await (await http.GetAsync("/v2/health/ready")).ReadJsonAsync()).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Server_metadata_lists_exactly_the_extensions_served_and_each_one_answers()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var server = await (await http.GetAsync("/v2")).ReadJsonAsync();
        Assert.Equal(["binary_tensor_data", "statistics", "model_repository", "model_configuration"],
            server.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/models/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v2/repository/index", new ByteArrayContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v2/models/{model}/config")).StatusCode);
    }

    [Fact]
    public async Task Model_metadata_lists_versions_platform_and_tensors()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        foreach (var path in new[] { "/v2/models/iris", "/v2/models/iris/versions/1" })
        {
            var metadata = await (await http.GetAsync(path)).ReadJsonAsync();
            Assert.Equal("iris", metadata.GetProperty("name").GetString());
            Assert.Equal("mlnet", metadata.GetProperty("platform").GetString());
            Assert.Contains("1", metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
            var inputs = metadata.GetProperty("inputs").EnumerateArray().ToList();
            Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], inputs.Select(i => i.GetProperty("name").GetString()));
            Assert.All(inputs, i => Assert.Equal("FP32", i.GetProperty("datatype").GetString()));
            var outputs = metadata.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
            Assert.Equal("BYTES", outputs["predicted_label"].GetProperty("datatype").GetString());
            Assert.Equal([-1, 3], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal("setosa,versicolor,virginica", outputs["probabilities"].GetProperty("parameters").GetProperty("classes").GetString());
        }
        var ready = await (await http.GetAsync("/v2/models/iris/versions/1/ready")).ReadJsonAsync();
        Assert.True(ready.GetProperty("ready").GetBoolean());
        Assert.Equal("iris", ready.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Infer_maps_tensors_to_rows_and_answers_labels_and_probabilities_with_the_request_id()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await PostAsync(http, "/v2/models/iris/infer", InferRequest);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("iris", answer.GetProperty("model_name").GetString());
        Assert.Equal("1", answer.GetProperty("model_version").GetString());
        Assert.Equal("42", answer.GetProperty("id").GetString());
        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var labels = outputs["predicted_label"];
        Assert.Equal("BYTES", labels.GetProperty("datatype").GetString());
        Assert.Equal([2], labels.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(["setosa", "virginica"], labels.GetProperty("data").EnumerateArray().Select(d => d.GetString()));
        var probabilities = outputs["probabilities"];
        Assert.Equal([2, 3], probabilities.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var data = probabilities.GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToArray();
        Assert.Equal(6, data.Length);
        Assert.Equal(1, data[..3].Sum(), 3);

        // The same rows through predict give the same answer.
        var predicted = await (await http.PredictAsync("iris", """{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0}""")).ReadJsonAsync();
        Assert.Equal(predicted.GetProperty("predictions")[0].GetProperty("probabilities").GetProperty("setosa").GetDouble(), data[0], 5);
    }

    [Fact]
    public async Task Asking_for_one_output_answers_only_it()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var request = InferRequest.Replace("""{ "name" : "predicted_label" }, { "name" : "probabilities" }""", """{ "name" : "predicted_label" }""");
        var answer = await (await PostAsync(http, "/v2/models/iris/versions/1/infer", request)).ReadJsonAsync();
        Assert.Equal(["predicted_label"], answer.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Errors_are_an_error_object_404_for_an_unknown_model_and_400_for_a_bad_tensor()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        Assert.Contains("no model", await ErrorAsync(await http.GetAsync("/v2/models/unknown"), HttpStatusCode.NotFound));
        await ErrorAsync(await PostAsync(http, "/v2/models/unknown/infer", InferRequest), HttpStatusCode.NotFound);
        await ErrorAsync(await http.GetAsync("/v2/models/iris/versions/9/ready"), HttpStatusCode.NotFound);
        var mismatch = InferRequest.Replace("\"data\" : [ 5.1, 6.9 ]", "\"data\" : [ 5.1 ]");
        Assert.Contains("shape says 2", await ErrorAsync(await PostAsync(http, "/v2/models/iris/infer", mismatch), HttpStatusCode.BadRequest));
        var wrongType = InferRequest.Replace("\"datatype\" : \"INT32\"", "\"datatype\" : \"BYTES\"");
        Assert.Contains("petal_width", await ErrorAsync(await PostAsync(http, "/v2/models/iris/infer", wrongType), HttpStatusCode.BadRequest));
        var unknownOutput = InferRequest.Replace("\"name\" : \"probabilities\" }", "\"name\" : \"logits\" }");
        Assert.Contains("logits", await ErrorAsync(await PostAsync(http, "/v2/models/iris/infer", unknownOutput), HttpStatusCode.BadRequest));
        await ErrorAsync(await PostAsync(http, "/v2/models/iris/infer", "{\"inputs\":[]}"), HttpStatusCode.BadRequest);
    }
}
