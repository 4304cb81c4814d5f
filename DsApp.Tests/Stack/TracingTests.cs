using DsApp.ServiceDefaults.Telemetry;
using DsApp.Tests.Infrastructure.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace DsApp.Tests.Stack;

[Collection(DsAppCollection.Name)]
public sealed class TracingTests(DsAppFixture app)
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_request_through_the_gateway_is_one_trace_from_the_gateway_to_the_object_store()
    {
        using var gateway = app.CreateGatewayClient();
        string traceId;
        using (var trace = ClientTrace.Start())
        {
            traceId = trace.TraceId;
            (await gateway.GetAsync("/api/datasets")).EnsureSuccessStatusCode();
        }

        var spans = await app.Telemetry.WaitForSpansAsync(
            seen => seen.Any(s => s.Service == "api" && s.Kind == SpanKinds.Server)
                && seen.Any(s => s.Service == "ingest" && s.Kind == SpanKinds.Server) && seen.Any(s => s.Service == "ingest" && s.Name == "objectstore list"),
            s => s.TraceId == traceId, ExportWait);

        var gatewayServer = spans.Single(s => s.Service == "api" && s.Kind == SpanKinds.Server);
        var ingestServer = spans.Single(s => s.Service == "ingest" && s.Kind == SpanKinds.Server);
        var store = spans.Single(s => s.Name == "objectstore list");
        // The forwarded call makes no client span: the service's span hangs straight off the gateway's.
        Assert.Equal(gatewayServer.SpanId, ingestServer.ParentSpanId);
        Assert.DoesNotContain(spans, s => s.Service == "api" && s.Kind == SpanKinds.Client);
        Assert.Equal(ingestServer.SpanId, store.ParentSpanId);
        Assert.Equal("DsApp.Ingest", store.Scope);
        Assert.Equal("datasets/", store.Attributes["dsapp.object.key"]);
    }

    [Fact]
    public async Task An_upload_is_one_trace_from_the_gateway_to_the_object_store_and_counts_its_rows_and_bytes()
    {
        using var gateway = app.CreateGatewayClient();
        string traceId;
        using (var trace = ClientTrace.Start())
        {
            traceId = trace.TraceId;
            using var csv = new StringContent("x,y\n1,a\n2,b\n3,c\n", System.Text.Encoding.UTF8, "text/csv");
            Assert.Equal(HttpStatusCode.Created, (await gateway.PostAsync("/api/datasets?id=traced-upload", csv)).StatusCode);
        }

        var spans = await app.Telemetry.WaitForSpansAsync(
            seen => seen.Any(s => s.Name == "dataset.upload") && seen.Any(s => s.Service == "api" && s.Kind == SpanKinds.Server)
                && seen.Any(s => s.Service == "ingest" && s.Kind == SpanKinds.Server)
                && seen.Any(s => s.Name == "objectstore put-if" && s.Attributes["dsapp.object.key"].EndsWith("/dataset.json")),
            s => s.TraceId == traceId, ExportWait);
        var upload = spans.Single(s => s.Service == "ingest" && s.Scope == "DsApp.Ingest" && s.Name == "dataset.upload");
        var ingestServer = spans.Single(s => s.Service == "ingest" && s.Kind == SpanKinds.Server);
        Assert.Equal(ingestServer.SpanId, upload.ParentSpanId);
        // The data streams in as a put; the manifests are conditional writes (put-if).
        var puts = spans.Where(s => s.Name is "objectstore put" or "objectstore put-if").ToList();
        Assert.Contains(puts, put => put.Attributes["dsapp.object.key"] == "datasets/traced-upload/dataset.json");
        Assert.All(puts, put => Assert.True(put.Descends(upload, spans), $"{put.Attributes["dsapp.object.key"]} is not under the upload span"));

        var rows = await app.Telemetry.WaitForMetricAsync("ingest", "dsapp.ingest.rows", ExportWait);
        Assert.All(rows, m => Assert.Equal("{row}", m.Unit));
        var bytes = await app.Telemetry.WaitForMetricAsync("ingest", "dsapp.ingest.bytes", ExportWait);
        Assert.All(bytes, m => Assert.Equal("By", m.Unit));
    }

    [Fact]
    public async Task A_trace_the_test_starts_keeps_its_id_while_a_service_host_in_this_process_instruments_every_HttpClient()
    {
        // What the in-process service hosts of other collections do while they run: OpenTelemetry's HttpClient
        // instrumentation, listening to every HttpClient of the test process (this test's included).
        using var instrumentation = Sdk.CreateTracerProviderBuilder().AddHttpClientInstrumentation().Build();
        using var gateway = app.CreateGatewayClient();
        string traceId;
        using (var trace = ClientTrace.Start())
        {
            traceId = trace.TraceId;
            (await gateway.GetAsync("/api/models")).EnsureSuccessStatusCode();
        }

        var spans = await app.Telemetry.WaitForSpansAsync(
            seen => seen.Any(s => s.Service == "api" && s.Kind == SpanKinds.Server) && seen.Any(s => s.Service == "modelworker" && s.Kind == SpanKinds.Server),
            s => s.TraceId == traceId, ExportWait);
        Assert.Equal(spans.Single(s => s.Service == "api" && s.Kind == SpanKinds.Server).SpanId,
            spans.Single(s => s.Service == "modelworker" && s.Kind == SpanKinds.Server).ParentSpanId);
    }

    [Fact]
    public async Task Health_probes_make_no_traces()
    {
        using var gateway = app.CreateGatewayClient();
        (await gateway.GetAsync("/health")).EnsureSuccessStatusCode();
        // The gateway's own request and its probes of the services would be spans named after /health.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(app.Telemetry.Spans, s => s.Attributes.GetValueOrDefault("url.path") is "/health" or "/alive");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("ingest")]
    [InlineData("modelworker")]
    public async Task Every_service_exports_the_standard_http_server_metric_with_its_unit(string service)
    {
        using var gateway = app.CreateGatewayClient();
        (await gateway.GetAsync("/api/models")).EnsureSuccessStatusCode();
        (await gateway.GetAsync("/api/datasets")).EnsureSuccessStatusCode();
        var metrics = await app.Telemetry.WaitForMetricAsync(service, "http.server.request.duration", ExportWait);
        Assert.All(metrics, m => Assert.Equal("s", m.Unit));
        // Kestrel's buffer pool and the connection pools' per-request detail are left out by default (Telemetry:DetailedHttpMetrics).
        Assert.DoesNotContain(app.Telemetry.Metrics, m => m.Service == service && StandardMetrics.IsDetail(m.Scope, m.Name));
    }

    [Fact]
    public async Task The_gateway_exports_the_standard_http_client_metric_of_its_forwarded_calls()
    {
        using var gateway = app.CreateGatewayClient();
        (await gateway.GetAsync("/api/models")).EnsureSuccessStatusCode();
        var metrics = await app.Telemetry.WaitForMetricAsync("api", "http.client.request.duration", ExportWait);
        Assert.All(metrics, m => Assert.Equal("s", m.Unit));
    }
}
