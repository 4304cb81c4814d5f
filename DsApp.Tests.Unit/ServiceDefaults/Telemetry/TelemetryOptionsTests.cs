using DsApp.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Unit.ServiceDefaults.Telemetry;

/// <summary>The <c>Telemetry</c> section is bound and validated like every options class, though read while the host is built.</summary>
public sealed class TelemetryOptionsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }

    [Fact]
    public void A_sampling_ratio_outside_0_to_1_stops_the_start_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Builder(("Telemetry:SamplingRatio", "2")).AddServiceDefaults());
        Assert.Contains(nameof(TelemetryOptions.SamplingRatio), error.Message);
    }

    [Fact]
    public void The_configured_section_is_what_the_service_reads_from_its_container()
    {
        using var host = Builder(("Telemetry:SamplingRatio", "0.25"), ("Telemetry:Prometheus", "true")).AddServiceDefaults().Build();
        var options = host.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        Assert.Equal(0.25, options.SamplingRatio);
        Assert.True(options.Prometheus);
    }
}
