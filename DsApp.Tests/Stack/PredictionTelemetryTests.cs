using DsApp.Tests.Infrastructure.Telemetry;

namespace DsApp.Tests.Stack;

/// <summary>What operators see of the model path, proven from what the services really exported.</summary>
[Collection(DsAppCollection.Name)]
public sealed class PredictionTelemetryTests(DsAppFixture app)
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_prediction_is_one_trace_through_api_modelworker_and_redis_and_every_contract_metric_is_exported()
    {
        using var http = app.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/samples/iris?id=iris-telemetry", null)).StatusCode);
        (await http.CreateModelAsync("telemetry-iris")).EnsureSuccessStatusCode();
        var job = await http.TrainAsync("telemetry-iris", new { datasetId = "iris-telemetry", trainer = "lbfgs", seed = 1 });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());

        string traceId;
        using (var trace = ClientTrace.Start())
        {
            traceId = trace.TraceId;
            Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("telemetry-iris", ModelApiClient.IrisRow)).StatusCode);
        }
        // The same row again: answered from the cache.
        Assert.Equal(HttpStatusCode.OK, (await http.PredictAsync("telemetry-iris", ModelApiClient.IrisRow)).StatusCode);
        using (var anonymous = app.CreateAnonymousGatewayClient())
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PredictAsync("telemetry-iris", ModelApiClient.IrisRow)).StatusCode);

        var spans = await app.Telemetry.WaitForSpansAsync(
            seen => seen.Any(s => s.Service == "api" && s.Kind == SpanKinds.Server)
                && seen.Any(s => s.Service == "modelworker" && s.Kind == SpanKinds.Server)
                && seen.Any(IsRedisCall),
            s => s.TraceId == traceId, ExportWait);
        var worker = spans.Single(s => s.Service == "modelworker" && s.Kind == SpanKinds.Server);
        Assert.Equal(spans.Single(s => s.Service == "api" && s.Kind == SpanKinds.Server).SpanId, worker.ParentSpanId);
        Assert.All(spans.Where(IsRedisCall), redis => Assert.Equal("modelworker", redis.Service));

        await AssertMetricAsync("modelworker", "dsapp.predictions", "{prediction}", ["model", "version", "outcome"]);
        await AssertMetricAsync("modelworker", "dsapp.prediction.duration", "s", ["model", "version"]);
        await AssertMetricAsync("modelworker", "dsapp.model.load.duration", "s", ["model", "version"]);
        await AssertMetricAsync("modelworker", "dsapp.training.duration", "s", ["model", "trainer", "outcome"]);
        await AssertMetricAsync("modelworker", "dsapp.jobs.active", "{job}", ["kind"]);
        await AssertMetricAsync("api", "dsapp.gateway.rejections", "{request}", ["reason"]);
        var lookups = await app.Telemetry.WaitForMetricAsync("modelworker", "dsapp.prediction.cache.lookups", ExportWait,
            m => m.Points.Any(p => p.GetValueOrDefault("result") == "hit") && m.Points.Any(p => p.GetValueOrDefault("result") == "miss"));
        Assert.NotEmpty(lookups);
    }

    [Fact]
    public async Task A_training_job_is_a_trace_of_its_own_linked_to_the_request_that_queued_it()
    {
        using var http = app.CreateGatewayClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/samples/iris?id=iris-job-trace", null)).StatusCode);
        (await http.CreateModelAsync("job-trace-iris")).EnsureSuccessStatusCode();
        string requestTrace, location;
        using (var trace = ClientTrace.Start())
        {
            requestTrace = trace.TraceId;
            using var queued = await http.PostAsJsonAsync("/api/models/job-trace-iris/versions", new { datasetId = "iris-job-trace", trainer = "lbfgs", seed = 1 });
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            location = queued.Headers.Location!.ToString();
        }
        var job = await http.WaitForJobAsync(location);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var jobId = job.GetProperty("id").GetString();

        var root = (await app.Telemetry.WaitForSpansAsync(seen => seen.Count > 0,
            s => s.Service == "modelworker" && s.Kind == SpanKinds.Consumer && s.Attributes.GetValueOrDefault("dsapp.job.id") == jobId, ExportWait)).Single();
        Assert.Equal("", root.ParentSpanId);
        Assert.NotEqual(requestTrace, root.TraceId);
        Assert.Equal("job-trace-iris", root.Attributes["dsapp.model"]);
        Assert.Equal("iris-job-trace", root.Attributes["dsapp.dataset.id"]);
        var link = Assert.Single(root.Links);
        Assert.Equal(requestTrace, link.TraceId);
        // The linked span is the queuing request's own, in the model worker, below the gateway's.
        var request = await app.Telemetry.WaitForSpansAsync(
            seen => seen.Any(s => s.SpanId == link.SpanId) && seen.Any(s => s.Service == "api" && s.Kind == SpanKinds.Server),
            s => s.TraceId == requestTrace, ExportWait);
        var queuer = request.Single(s => s.SpanId == link.SpanId);
        Assert.Equal("modelworker", queuer.Service);
        Assert.True(queuer.Descends(request.Single(s => s.Service == "api" && s.Kind == SpanKinds.Server), request));
    }

    private static bool IsRedisCall(ExportedSpan span) => span.Attributes.GetValueOrDefault("db.system") == "redis";

    private async Task AssertMetricAsync(string service, string name, string unit, string[] tags)
    {
        var exported = await app.Telemetry.WaitForMetricAsync(service, name, ExportWait, m => m.Points.Count > 0);
        Assert.All(exported, m => Assert.Equal(unit, m.Unit));
        Assert.Contains(exported.SelectMany(m => m.Points), point => tags.All(point.ContainsKey));
    }
}
