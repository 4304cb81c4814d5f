using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace DsApp.Tests.ModelWorker.Registry;

/// <summary>Importing ONNX files as versions: what the version shows of the graph, and the files that are refused (and leave nothing).</summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OnnxImportTests(ModelWorkerHost host, ITestOutputHelper output)
{
    private static readonly string[] IrisFeatures = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    [Theory]
    [InlineData("iris-logreg")]
    [InlineData("iris-logreg-nozipmap")]
    [InlineData("mixed-columns")]
    [InlineData("regression-gbr")]
    public async Task An_imported_onnx_version_shows_its_runtime_and_the_graphs_inputs_and_outputs_in_rest_and_v2_metadata(string fixture)
    {
        var expected = OnnxFixtures.Load(fixture);
        var model = $"onnx-meta-{fixture}";
        using var http = host.CreateClient();
        await http.CreateModelForAsync(model, expected);
        var created = await http.ImportOnnxAsync(model, 1, OnnxFixtures.File(fixture));

        using var read = await http.GetAsync($"/api/models/{model}/versions/1");
        var version = await read.ReadJsonAsync();
        Assert.Equal(created.ToString(), version.ToString());
        Assert.Equal("onnx", version.GetProperty("runtime").GetString());
        Assert.Equal("imported", version.GetProperty("trainer").GetString());
        Assert.Equal(expected.Features, version.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var graph = version.GetProperty("graph");
        AssertGraphValues(expected.Json.GetProperty("inputs"), graph.GetProperty("inputs"));
        AssertGraphValues(expected.Json.GetProperty("outputs"), graph.GetProperty("outputs"));
        var roles = graph.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("role").GetString()).ToList();
        Assert.Equal(expected.Task == "regression" ? ["value"] : ["label", "probabilities"], roles);
        // Every feature feeds the graph: the one [N,F] input in the model's order, or its own input.
        Assert.Equal(expected.Features, graph.GetProperty("inputs").EnumerateArray().SelectMany(i => i.GetProperty("features").EnumerateArray().Select(f => f.GetString())));

        var metadata = await (await http.GetAsync($"/v2/models/{model}")).ReadJsonAsync();
        Assert.Equal("onnxruntime_onnx", metadata.GetProperty("platform").GetString());
        Assert.Equal(expected.Features, metadata.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(graph.ToString(), metadata.GetProperty("graph").ToString());
        var versioned = await (await http.GetAsync($"/v2/models/{model}/versions/1")).ReadJsonAsync();
        Assert.Equal("onnxruntime_onnx", versioned.GetProperty("platform").GetString());
    }

    [Fact]
    public async Task Bad_onnx_files_are_refused_with_a_detail_that_says_why_and_leave_no_version_nor_a_claimed_number()
    {
        using var http = host.CreateClient();
        var iris = OnnxFixtures.Load("iris-logreg");
        await http.CreateModelForAsync("onnx-refused", iris);
        var forest = OnnxFixtures.File("iris-forest");
        var randomBytes = new byte[4096];
        new Random(20).NextBytes(randomBytes);

        await AssertRefusedAsync(http, "onnx-refused", randomBytes, "application/onnx", "body", "not an ONNX model");
        await AssertRefusedAsync(http, "onnx-refused", randomBytes, "application/octet-stream", "body", "not an ONNX model");
        await AssertRefusedAsync(http, "onnx-refused", forest[..(forest.Length / 2)], "application/onnx", "body", "cut short");
        // A well-formed graph with an operator no runtime has (Infrastructure/Fixtures/Onnx/make_unknown_operator.py).
        await AssertRefusedAsync(http, "onnx-refused", OnnxFixtures.File("unknown-operator"), "application/onnx", "body", "Frobnicate");
        // Inputs that are not the model's features: one input per column, named city, plan, age, income.
        await AssertRefusedAsync(http, "onnx-refused", OnnxFixtures.File("mixed-columns"), "application/onnx", "features", "not features of the model");

        // The corrected file, under the number the refused ones did not take.
        var imported = await http.ImportOnnxAsync("onnx-refused", 1, OnnxFixtures.File("iris-logreg"));
        Assert.Equal(1, imported.GetProperty("version").GetInt32());
        Assert.Equal("ready", imported.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_graph_that_takes_more_columns_than_the_model_has_features_is_refused_naming_both()
    {
        using var http = host.CreateClient();
        await http.CreateModelForAsync("onnx-three-features", OnnxFixtures.Load("iris-logreg"), ["sepal_length", "sepal_width", "petal_length"]);
        var problem = await AssertRefusedAsync(http, "onnx-three-features", OnnxFixtures.File("iris-logreg"), "application/onnx", "features", "takes 4 columns but the model has 3 features");
        Assert.Contains("X float [-1,4]", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Outputs_that_do_not_answer_the_models_task_are_refused_and_the_right_file_then_imports_under_that_number()
    {
        using var http = host.CreateClient();
        (await http.PostAsJsonAsync("/api/models", new { name = "onnx-wrong-task", task = "regression", label = "target", features = IrisFeatures })).EnsureSuccessStatusCode();
        await AssertRefusedAsync(http, "onnx-wrong-task", OnnxFixtures.File("iris-forest"), "application/onnx", "body", "A regression model reads one float output");

        (await http.PostAsJsonAsync("/api/models", new { name = "onnx-wrong-classes", task = "binary-classification", label = "target", features = IrisFeatures })).EnsureSuccessStatusCode();
        await AssertRefusedAsync(http, "onnx-wrong-classes", OnnxFixtures.File("iris-logreg"), "application/onnx", "body", "two classes");

        var regression = OnnxFixtures.Load("regression-gbr");
        (await http.PostAsJsonAsync("/api/models", new { name = "onnx-classifier-file", task = "multiclass-classification", label = "target", features = regression.Features })).EnsureSuccessStatusCode();
        await AssertRefusedAsync(http, "onnx-classifier-file", OnnxFixtures.File("regression-gbr"), "application/onnx", "body", "reads a label output");

        await http.CreateModelForAsync("onnx-right-task", regression);
        await http.ImportOnnxAsync("onnx-right-task", 1, OnnxFixtures.File("regression-gbr"));
    }

    [Fact]
    public async Task A_model_without_declared_features_takes_a_per_column_graphs_inputs_as_its_features_and_refuses_a_matrix_graph()
    {
        using var http = host.CreateClient();
        (await http.PostAsJsonAsync("/api/models", new { name = "onnx-no-features", task = "binary-classification", label = "churn" })).EnsureSuccessStatusCode();
        await AssertRefusedAsync(http, "onnx-no-features", OnnxFixtures.File("iris-logreg"), "application/onnx", "features", "declares no features");

        var version = await http.ImportOnnxAsync("onnx-no-features", 1, OnnxFixtures.File("mixed-columns"), "application/octet-stream");
        Assert.Equal(["city:string", "plan:string", "age:number", "income:number"],
            version.GetProperty("inputs").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()}:{i.GetProperty("type").GetString()}"));
        Assert.Equal(["no", "yes"], version.GetProperty("outputs")[0].GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        using var predicted = await http.PredictAsync("onnx-no-features", """{"city":"Braga","plan":"basic","age":30,"income":20000}""");
        Assert.True(predicted.StatusCode == HttpStatusCode.OK, await predicted.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts the import is refused with a 400 naming <paramref name="field"/> whose detail says <paramref name="why"/>, and that nothing was kept.</summary>
    private async Task<JsonElement> AssertRefusedAsync(HttpClient http, string model, byte[] file, string mediaType, string field, string why)
    {
        using var response = await http.PutAsync($"/api/models/{model}/versions/1", OnnxFixtures.Onnx(file, mediaType));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Contains(why, problem.GetProperty("detail").GetString());
        output.WriteLine($"{model} <- {file.Length} bytes: 400 {field}: {problem.GetProperty("detail").GetString()}");
        var versions = await (await http.GetAsync($"/api/models/{model}/versions")).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());
        var read = await (await http.GetAsync($"/api/models/{model}")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, read.GetProperty("latestVersion").ValueKind);
        return problem;
    }

    /// <summary>The graph as the fixture's script read it (ONNX notation) against the version's: <c>tensor(float)</c> is <c>float</c>, a free dimension -1.</summary>
    private static void AssertGraphValues(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            Assert.Equal(expected[i].GetProperty("name").GetString(), actual[i].GetProperty("name").GetString());
            var type = Regex.Replace(expected[i].GetProperty("type").GetString()!, @"tensor\((\w+)\)", "$1");
            Assert.Equal(type, actual[i].GetProperty("type").GetString());
            var shape = expected[i].GetProperty("shape");
            if (shape.ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, actual[i].GetProperty("shape").ValueKind);
            else Assert.Equal(shape.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Null ? -1L : d.GetInt64()),
                actual[i].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        }
    }
}
