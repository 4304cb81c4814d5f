using System.Text;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>
/// A graph with int64, bool and double inputs (Infrastructure/Fixtures/Onnx/typed-columns.onnx: 1000·rooms + 500·garden + 2·area): request
/// values are converted to each input's type, and a value the type cannot hold is the client's 400, never a 500.
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OnnxTypedInputsTests(ModelWorkerHost host)
{
    private const string Model = "onnx-typed";

    private async Task<HttpClient> ModelAsync()
    {
        var http = host.CreateClient();
        using var read = await http.GetAsync($"/api/models/{Model}");
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            (await http.PostAsJsonAsync("/api/models", new { name = Model, task = "regression", label = "price", features = new[] { "rooms", "garden", "area" } })).EnsureSuccessStatusCode();
            await http.ImportOnnxAsync(Model, 1, OnnxFixtures.File("typed-columns"));
        }
        return http;
    }

    [Fact]
    public async Task Integer_bool_and_double_inputs_take_the_requests_values_in_rest_and_infer()
    {
        using var http = await ModelAsync();
        var version = await (await http.GetAsync($"/api/models/{Model}/versions/1")).ReadJsonAsync();
        Assert.Equal(["rooms:integer", "garden:boolean", "area:number"],
            version.GetProperty("inputs").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()}:{i.GetProperty("type").GetString()}"));

        using var predicted = await http.PredictAsync(Model, """{"instances":[{"rooms":3,"garden":true,"area":80.5},{"rooms":1,"garden":false,"area":40}]}""");
        var answer = await predicted.ReadJsonAsync();
        Assert.True(predicted.StatusCode == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(3661, answer.GetProperty("predictions")[0].GetProperty("value").GetDouble(), 3);
        Assert.Equal(1080, answer.GetProperty("predictions")[1].GetProperty("value").GetDouble(), 3);

        using var inferred = await http.PostAsync($"/v2/models/{Model}/infer", Json("""
            {"inputs":[{"name":"rooms","shape":[1],"datatype":"INT64","data":[3]},
                       {"name":"garden","shape":[1],"datatype":"BOOL","data":[true]},
                       {"name":"area","shape":[1,1],"datatype":"FP64","data":[[80.5]]}]}
            """));
        var infer = await inferred.ReadJsonAsync();
        Assert.True(inferred.StatusCode == HttpStatusCode.OK, infer.ToString());
        Assert.Equal(3661, infer.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble(), 3);
    }

    [Theory]
    [InlineData("""{"rooms":null,"garden":true,"area":80}""", "rooms", "not null")]
    [InlineData("""{"rooms":2.5,"garden":true,"area":80}""", "rooms", "whole number, not 2.5")]
    [InlineData("""{"rooms":2,"garden":null,"area":80}""", "garden", "true or false, not null")]
    public async Task A_value_an_integer_or_bool_input_cannot_hold_is_a_400_naming_the_feature(string row, string field, string why)
    {
        using var http = await ModelAsync();
        var problem = await (await http.PredictAsync(Model, row)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Contains(why, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_fractional_value_for_an_integer_input_is_an_infer_error_naming_the_feature()
    {
        using var http = await ModelAsync();
        using var response = await http.PostAsync($"/v2/models/{Model}/infer", Json("""
            {"inputs":[{"name":"rooms","shape":[1],"datatype":"FP32","data":[2.5]},
                       {"name":"garden","shape":[1],"datatype":"BOOL","data":[true]},
                       {"name":"area","shape":[1],"datatype":"FP32","data":[80]}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("whole number", (await response.ReadJsonAsync()).GetProperty("error").GetString());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
