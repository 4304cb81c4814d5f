using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace DsApp.Tests.ModelWorker.Registry;

[Collection(ModelWorkerCollection.Name)]
public sealed class ModelsApiTests(ModelWorkerHost host)
{
    [Fact]
    public async Task A_created_model_is_readable_listed_and_carries_an_etag()
    {
        using var http = host.CreateClient();
        using var created = await http.CreateModelAsync("churn", "binary-classification", "churned");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/models/churn", created.Headers.Location!.ToString());
        var model = await created.ReadJsonAsync();
        Assert.Equal("binary-classification", model.GetProperty("task").GetString());
        Assert.Equal(JsonValueKind.Null, model.GetProperty("latestVersion").ValueKind);
        Assert.Equal($"\"{model.GetProperty("etag").GetString()}\"", created.Headers.ETag!.Tag);

        using var read = await http.GetAsync("/api/models/churn");
        Assert.Equal(created.Headers.ETag, read.Headers.ETag);
        var page = await (await http.GetAsync("/api/models?limit=500")).ReadJsonAsync();
        Assert.Contains(page.GetProperty("items").EnumerateArray(), m => m.GetProperty("name").GetString() == "churn");

        await (await http.CreateModelAsync("churn", "binary-classification", "churned")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"name":"Bad Name","task":"regression","label":"y"}""", "name")]
    [InlineData("""{"name":"ok","task":"clustering","label":"y"}""", "task")]
    [InlineData("""{"name":"ok","task":"regression"}""", "label")]
    [InlineData("""{"name":"ok","task":"regression","label":"y","features":["y"]}""", "features")]
    public async Task A_bad_model_is_a_400_naming_the_field(string json, string field)
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsync("/api/models", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_model_name_ending_in_a_newline_is_a_400_naming_the_name_not_a_500()
    {
        using var http = host.CreateClient();
        await (await http.GetAsync("/api/models/abc%0A")).AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await http.PatchAsync("abc%0A", "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await http.DeleteAsync("/api/models/abc%0A")).AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await http.CreateModelAsync("abc\n")).AssertProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Theory]
    [InlineData("""{"aliases":{"production":"x"}}""", "aliases.production")]
    [InlineData("""{"traffic":[{"version":"x","weight":1}]}""", "traffic[0].version")]
    [InlineData("""{"traffic":[{"version":1,"weight":"x"}]}""", "traffic[0].weight")]
    [InlineData("""{"shadow":{"version":"x","percent":5}}""", "shadow.version")]
    [InlineData("""{"shadow":{"version":1,"percent":"x"}}""", "shadow.percent")]
    [InlineData("""{"capture":{"percent":"x"}}""", "capture.percent")]
    [InlineData("""{"traffic":[{"version":1,"weight":2147483647},{"version":2,"weight":1}]}""", "traffic")]
    public async Task A_patch_with_a_string_where_a_number_goes_or_weights_past_int_is_a_400_naming_the_field(string json, string field)
    {
        using var http = host.CreateClient();
        using (var created = await http.CreateModelAsync("patch-types"))
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create answered {(int)created.StatusCode}");
        await (await http.PatchAsync("patch-types", json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"datasetId":"iris","options":{"iterations":"x"}}""")]
    [InlineData("""{"datasetId":"iris","options":{"learningRate":"0.1"}}""")]
    [InlineData("""{"datasetId":"iris","options":{"leaves":[2]}}""")]
    public async Task A_training_option_of_the_wrong_json_type_is_a_400_naming_options(string json)
    {
        using var http = host.CreateClient();
        using (var created = await http.CreateModelAsync("options-types"))
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create answered {(int)created.StatusCode}");
        using var response = await http.PostAsync("/api/models/options-types/versions", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "options");
    }

    [Theory]
    [InlineData("""{"name":123,"task":"regression","label":"y"}""", "name", "must be a string")]
    [InlineData("""{"name":"ok","task":"regression","label":"y","features":"x"}""", "features", "must be an array")]
    [InlineData("""{"name":"ok","task":"regression","label":"y","features":["a",2]}""", "features[1]", "must be a string")]
    [InlineData("not json", "body", "not valid JSON")]
    [InlineData("""{"name":NaN}""", "body", "line 1, byte 9")]
    [InlineData("""[{"name":"ok"}]""", "body", "an array")]
    [InlineData("null", "body", "null")]
    [InlineData("", "body", "empty")]
    public async Task A_model_body_that_cannot_be_read_is_a_400_naming_the_field_or_position_and_why(string json, string field, string says)
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsync("/api/models", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Contains(says, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("""{"datasetId":5}""", "datasetId", "must be a string")]
    [InlineData("""{"datasetId":"iris","seed":"x"}""", "seed", "must be a whole number")]
    [InlineData("""{"datasetId":"iris","testFraction":"x"}""", "testFraction", "must be a number")]
    [InlineData("[]", "body", "an array")]
    public async Task A_training_body_that_cannot_be_read_is_a_400_naming_the_field_and_why(string json, string field, string says)
    {
        using var http = host.CreateClient();
        using (var created = await http.CreateModelAsync("body-shapes"))
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create answered {(int)created.StatusCode}");
        using var response = await http.PostAsync("/api/models/body-shapes/versions", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Contains(says, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_model_body_without_a_json_content_type_is_a_415_problem()
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsync("/api/models", new StringContent("""{"name":"ok"}""", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_problem_everywhere()
    {
        using var http = host.CreateClient();
        await (await http.GetAsync("/api/models/nobody")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync("/api/models/nobody/versions")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.PredictAsync("nobody", ModelApiClient.IrisRow)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.DeleteAsync("/api/models/nobody")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await http.PostAsJsonAsync("/api/models/nobody/versions", new { datasetId = "iris" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Training_gives_202_a_job_and_a_ready_version_with_held_out_metrics()
    {
        await host.ReadyIrisAsync();
        using var http = host.CreateClient();
        var versions = await (await http.GetAsync("/api/models/iris/versions")).ReadJsonAsync();
        var version = versions.GetProperty("items")[0];
        Assert.Equal("ready", version.GetProperty("status").GetString());
        Assert.Equal("lbfgs", version.GetProperty("trainer").GetString());
        Assert.Equal("iris", version.GetProperty("datasetId").GetString());
        Assert.True(version.GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.9);
        Assert.Equal(4, version.GetProperty("inputs").GetArrayLength());
        Assert.True(version.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.True(File.Exists(host.ArtifactPath("iris", 1)));
        var model = await (await http.GetAsync("/api/models/iris")).ReadJsonAsync();
        Assert.Equal(1, model.GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task Auto_training_records_the_candidates_it_tried_on_the_version()
    {
        using var http = host.CreateClient();
        (await http.CreateModelAsync("iris-auto")).EnsureSuccessStatusCode();
        var job = await http.TrainAsync("iris-auto", new { datasetId = "iris", trainer = "auto", seed = 3, options = new { iterations = 20 } });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        var version = await (await http.GetAsync("/api/models/iris-auto/versions/1")).ReadJsonAsync();
        var candidates = version.GetProperty("candidates").EnumerateArray().ToList();
        Assert.True(candidates.Count >= 2);
        Assert.Contains(candidates, c => c.GetProperty("trainer").GetString() == version.GetProperty("trainer").GetString());
    }

    [Theory]
    [InlineData("""{"datasetId":"missing"}""", "datasetId")]
    [InlineData("""{"datasetId":"iris","trainer":"magic"}""", "trainer")]
    [InlineData("""{"datasetId":"iris","testFraction":0.9}""", "testFraction")]
    [InlineData("""{"datasetId":"iris","options":{"depth":3}}""", "options")]
    public async Task A_bad_training_request_is_a_400_naming_the_field(string json, string field)
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("bad-train");
        using var response = await http.PostAsync("/api/models/bad-train/versions", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Regression_on_a_text_label_or_a_label_the_dataset_lacks_is_refused_before_any_job()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-regress", "regression", "species");
        await http.CreateModelAsync("iris-nolabel", "multiclass-classification", "colour");
        var problem = await (await http.PostAsJsonAsync("/api/models/iris-regress/versions", new { datasetId = "iris" })).AssertProblemAsync(HttpStatusCode.BadRequest, "label");
        Assert.Contains("regression", problem.GetProperty("errors").GetProperty("label")[0].GetString());
        await (await http.PostAsJsonAsync("/api/models/iris-nolabel/versions", new { datasetId = "iris" })).AssertProblemAsync(HttpStatusCode.BadRequest, "label");
    }

    [Fact]
    public async Task A_constant_label_is_refused_before_any_job_naming_the_label()
    {
        host.Ingest.Add("constant", "a,b,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i * 2},1.5\n")));
        using var http = host.CreateClient();
        await http.CreateModelAsync("constant", "regression", "label");
        var problem = await (await http.PostAsJsonAsync("/api/models/constant/versions", new { datasetId = "constant" })).AssertProblemAsync(HttpStatusCode.BadRequest, "label");
        Assert.Contains("single value", problem.GetProperty("errors").GetProperty("label")[0].GetString());
    }

    [Fact]
    public async Task A_training_that_fails_on_the_data_ends_its_job_failed_with_the_reason_and_leaves_no_model_file()
    {
        host.Ingest.Add("tiny", "a,b,label\n1,2,3.5\n2,3,4.5\n3,1,1.0\n");
        using var http = host.CreateClient();
        await http.CreateModelAsync("tiny", "regression", "label");
        var job = await http.TrainAsync("tiny", new { datasetId = "tiny", trainer = "sdca" });
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(422, job.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Contains("at least 10", job.GetProperty("error").GetProperty("detail").GetString());
        var version = await (await http.GetAsync("/api/models/tiny/versions/1")).ReadJsonAsync();
        Assert.Equal("failed", version.GetProperty("status").GetString());
        Assert.False(File.Exists(Path.Combine(host.StorePath, "models", "tiny", "versions", "1", "model.zip")));
        await (await http.PredictAsync("tiny", """{"a":1,"b":2}""")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_answer_the_same_job_and_another_body_is_a_422()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-idem");
        async Task<HttpResponseMessage> Post(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/models/iris-idem/versions") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "k-1");
            return await http.SendAsync(request);
        }
        using var first = await Post(new { datasetId = "iris", trainer = "sdca", seed = 2 });
        using var second = await Post(new { datasetId = "iris", trainer = "sdca", seed = 2 });
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await (await Post(new { datasetId = "iris", trainer = "lbfgs" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await http.WaitForJobAsync(first.Headers.Location!.ToString());
        var versions = await (await http.GetAsync("/api/models/iris-idem/versions")).ReadJsonAsync();
        Assert.Equal(1, versions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Patch_moves_aliases_and_traffic_to_ready_versions_only_and_honours_if_match()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-patch");
        await http.TrainAsync("iris-patch", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        var etag = (await http.GetAsync("/api/models/iris-patch")).Headers.ETag!.Tag;

        await (await http.PatchAsync("iris-patch", """{"aliases":{"production":2}}""")).AssertProblemAsync(HttpStatusCode.Conflict, "aliases.production");
        await (await http.PatchAsync("iris-patch", """{"description":"x"}""", "\"stale\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await http.PatchAsync("iris-patch", """{"latestVersion":4}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "latestVersion");

        using var patched = await http.PatchAsync("iris-patch", """{"aliases":{"production":1},"traffic":[{"version":1,"weight":100}],"description":"flowers"}""", etag);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.NotEqual(etag, patched.Headers.ETag!.Tag);
        var model = await patched.ReadJsonAsync();
        Assert.Equal(1, model.GetProperty("aliases").GetProperty("production").GetInt32());
        Assert.Equal("flowers", model.GetProperty("description").GetString());

        await (await http.DeleteAsync("/api/models/iris-patch/versions/1")).AssertProblemAsync(HttpStatusCode.Conflict);
        using var text = new StringContent("{}", Encoding.UTF8, "text/plain");
        await (await http.PatchAsync("/api/models/iris-patch", text)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Delete_removes_the_model_its_files_and_its_cached_predictions()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-gone");
        await http.TrainAsync("iris-gone", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        (await http.PredictAsync("iris-gone", ModelApiClient.IrisRow)).EnsureSuccessStatusCode();
        var server = host.Connection.GetServer(host.Connection.GetEndPoints()[0]);
        // The answer is written to Redis after the response is sent: give it a moment.
        for (var wait = 0; wait < 50 && !server.Keys(pattern: "dsapp:pred:iris-gone:*").Any(); wait++) await Task.Delay(100);
        Assert.NotEmpty(server.Keys(pattern: "dsapp:pred:iris-gone:*"));

        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/models/iris-gone");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"nope\""));
        await (await http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/iris-gone")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/models/iris-gone")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.StorePath, "models", "iris-gone")) &&
                     Directory.EnumerateFiles(Path.Combine(host.StorePath, "models", "iris-gone"), "*", SearchOption.AllDirectories).Any());
        Assert.Empty(server.Keys(pattern: "dsapp:pred:iris-gone:*"));
        await (await http.PredictAsync("iris-gone", ModelApiClient.IrisRow)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_version_can_be_deleted_once_nothing_points_at_it()
    {
        using var http = host.CreateClient();
        await http.CreateModelAsync("iris-prune");
        await http.TrainAsync("iris-prune", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/models/iris-prune/versions/1")).StatusCode);
        await (await http.GetAsync("/api/models/iris-prune/versions/1")).AssertProblemAsync(HttpStatusCode.NotFound);
        // The number is never reused.
        await http.TrainAsync("iris-prune", new { datasetId = "iris", trainer = "lbfgs", seed = 1 });
        Assert.Equal("ready", (await (await http.GetAsync("/api/models/iris-prune/versions/2")).ReadJsonAsync()).GetProperty("status").GetString());
    }
}
