using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Context.Propagation;

namespace DsApp.Tests.Unit.ServiceDefaults.Telemetry;

/// <summary>What a service configured by the service defaults uses to read a request's trace context.</summary>
public sealed class ContextPropagationTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["traceparent"] = TraceParent,
        ["baggage"] = "tenant=acme",
    };

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

    [Theory]
    [InlineData(null, false)]
    [InlineData("tracecontext", false)]
    [InlineData("tracecontext, baggage", true)]
    [InlineData("Baggage,TraceContext,baggage", true)]
    public void OTEL_PROPAGATORS_chooses_whether_baggage_is_read_too(string? names, bool readsBaggage)
    {
        var context = ContextPropagation.From(names).Extract(default, Headers, Header);

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.ActivityContext.TraceId.ToHexString());
        Assert.Equal(readsBaggage ? "acme" : null, context.Baggage.GetBaggage("tenant"));
    }

    [Fact]
    public void An_unknown_propagator_stops_the_service_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContextPropagation.From("tracecontext,b3"));
        Assert.Contains("'b3'", error.Message);
        Assert.Contains(ContextPropagation.Variable, error.Message);
    }

    private static IEnumerable<string> Header(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? [value] : [];
}
