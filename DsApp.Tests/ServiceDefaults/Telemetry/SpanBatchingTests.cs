using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Telemetry;
using DsApp.Tests.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DsApp.Tests.ServiceDefaults.Telemetry;

/// <summary>How many spans an OTLP export holds, as a service configured by the service defaults sends them.</summary>
public sealed class SpanBatchingTests
{
    /// <summary>Two full batches of the default size and some more: under OpenTelemetry's own defaults (512 a batch,
    /// 2,048 queued) the queue would overflow and the largest export would hold 512.</summary>
    private const int SpanCount = 2 * SpanBatching.MaxExportBatchSize + 100;

    [Theory]
    [InlineData(null, SpanBatching.MaxExportBatchSize)]
    [InlineData("100", 100)]
    public async Task Spans_leave_in_batches_of_the_default_size_unless_the_standard_variable_sets_one(string? configured, int largest)
    {
        await using var receiver = new OtlpReceiver();
        await receiver.StartAsync();
        var service = "DsApp.SpanBatchingTest." + Guid.NewGuid().ToString("N");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = service });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = service,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000", // only a full batch, or the flush at stop, sends spans
            ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = configured,
        });
        builder.AddServiceDefaults();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var source = host.Services.GetRequiredService<ServiceTelemetry>().ActivitySource;
            for (var i = 0; i < SpanCount; i++) source.StartActivity("batched")?.Dispose();
            await host.StopAsync();
        } // disposing the tracer provider exports what is still queued

        // Other tests' HTTP calls in this process may be traced by this host too: count only its own spans, while the
        // batch size caps every export whatever it holds.
        Assert.Equal(SpanCount, receiver.Spans.Count(span => span.Service == service && span.Name == "batched"));
        Assert.Equal(largest, receiver.TraceExportSizes(service).Max());
    }
}
