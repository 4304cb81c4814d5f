using DsApp.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Context.Propagation;

namespace DsApp.Tests.Unit;

/// <summary>What a service configured by the service defaults uses to read a request's trace context.</summary>
public sealed class ContextPropagationTests
{
    [Fact]
    public void OpenTelemetry_reads_only_the_W3C_trace_context_that_ASP_NET_Core_has_already_read()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        using var host = builder.Build();

        // Any other propagator makes OpenTelemetry's ASP.NET Core instrumentation parse traceparent and baggage a second
        // time on every request (DsApp.ServiceDefaults/Telemetry/ContextPropagation.cs).
        Assert.IsType<TraceContextPropagator>(Propagators.DefaultTextMapPropagator);
    }
}
