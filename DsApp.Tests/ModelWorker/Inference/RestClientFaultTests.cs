using System.Net.Http.Headers;
using System.Text;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>
/// A request the model worker cannot act on is answered with what to change: an unparseable query value names its
/// parameter, a body's media type is held to one rule (naming what was sent and what is taken), a wrong method says
/// which are taken.
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class RestClientFaultTests(ModelWorkerHost host)
{
    /// <summary>Iris's four inputs, one row, as JSON tensors.</summary>
    public const string Tensors = """
        {"inputs":[
          {"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.1]},
          {"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.5]},
          {"name":"petal_length","shape":[1],"datatype":"FP32","data":[1.4]},
          {"name":"petal_width","shape":[1],"datatype":"FP32","data":[0.2]}]}
        """;

    [Theory]
    [InlineData("POST", "/api/models/iris/predict?version=abc", "version", "'abc' is not a whole number")]
    [InlineData("POST", "/api/models/iris/predict?version=99999999999", "version", "'99999999999' is not a whole number")]
    [InlineData("GET", "/api/models?limit=ten", "limit", "'ten' is not a whole number")]
    [InlineData("GET", "/api/jobs?limit=1.5", "limit", "'1.5' is not a whole number")]
    [InlineData("GET", "/api/models/iris/drift?version=latest", "version", "'latest' is not a whole number")]
    [InlineData("GET", "/api/models/iris/versions?limit=x", "limit", "'x' is not a whole number")]
    public async Task A_query_value_that_does_not_parse_is_a_400_naming_the_parameter(string method, string path, string parameter, string says)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent(ModelApiClient.SetosaRow, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
        Assert.Contains(says, problem.GetProperty("errors").GetProperty(parameter)[0].GetString());
    }

    [Fact]
    public async Task A_batch_prediction_with_a_version_that_is_not_a_number_is_a_400_naming_it()
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsync("/api/models/iris/batch-predictions",
            new StringContent("""{"datasetId":"iris","version":"abc"}""", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "version");
        Assert.Contains("whole number", problem.GetProperty("errors").GetProperty("version")[0].GetString());
    }

    public static TheoryData<string, string> JsonEndpoints => new()
    {
        { "/api/models", """{"name":"no-type","task":"regression","label":"y"}""" },
        { "/api/models/iris/predict", ModelApiClient.SetosaRow },
        { "/api/models/iris/versions", """{"datasetId":"iris"}""" },
        { "/api/models/iris/batch-predictions", """{"datasetId":"iris"}""" },
    };

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task A_json_body_without_a_content_type_is_a_415_problem_naming_what_is_taken(string path, string json)
    {
        using var http = host.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)); // no Content-Type
        using var response = await http.PostAsync(path, content);
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("no Content-Type", problem.GetProperty("detail").GetString());
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task A_json_body_of_another_type_is_a_415_problem_naming_the_type_sent(string path, string json)
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "text/plain"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("'text/plain", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_plus_json_type_is_taken_for_a_prediction_and_no_content_type_for_infer()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var vendor = new StringContent(ModelApiClient.SetosaRow, Encoding.UTF8);
        vendor.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.dsapp.row+json; charset=utf-8");
        using (var predicted = await http.PostAsync($"/api/models/{model}/predict", vendor))
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        // Triton's Python client sends an infer request with no Content-Type.
        using var inferred = await http.PostAsync($"/v2/models/{model}/infer", new ByteArrayContent(Encoding.UTF8.GetBytes(Tensors)));
        Assert.Equal(HttpStatusCode.OK, inferred.StatusCode);
    }

    [Fact]
    public async Task A_model_patch_with_a_json_patch_document_type_is_a_415_naming_merge_patch()
    {
        var model = await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        using var response = await http.PatchAsync($"/api/models/{model}", new StringContent("[]", Encoding.UTF8, "application/json-patch+json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/merge-patch+json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_method_under_api_is_a_405_problem_saying_which_methods_are_taken()
    {
        using var http = host.CreateClient();
        using var response = await http.PutAsync("/api/models", new StringContent("{}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("does not take PUT; it takes GET, POST.", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("error", out _), "only /v2 answers carry error");
    }
}
