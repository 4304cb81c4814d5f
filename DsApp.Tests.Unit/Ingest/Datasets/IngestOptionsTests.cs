using DsApp.Ingest;
using DsApp.Ingest.Datasets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Unit.Ingest.Datasets;

/// <summary>
/// A limit of the ingest service that makes no sense stops it at start, naming the setting. Read through the service's
/// own registration (what start validates) rather than a started WebApplicationFactory, whose host can be disposed
/// under a failing start and answer ObjectDisposedException instead of the validation error.
/// </summary>
public sealed class IngestOptionsTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("dsapp-ingest-options-").FullName;

    [Theory]
    [InlineData("Ingest:MaxColumns", "0")]
    [InlineData("Ingest:MaxColumns", "-5")]
    [InlineData("Ingest:MaxRecordChars", "0")]
    public void A_limit_that_is_not_positive_stops_the_service_at_start(string setting, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = "127.0.0.1:1,abortConnect=false",
            ["Storage:Path"] = _store,
            [setting] = value,
        });
        builder.AddIngestServices();
        using var services = builder.Services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IngestOptions>>().Value);
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = _store });
        builder.AddIngestServices();
        using var services = builder.Services.BuildServiceProvider();
        Assert.True(services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxColumns > 0);
    }

    public void Dispose() => Directory.Delete(_store, recursive: true);
}
