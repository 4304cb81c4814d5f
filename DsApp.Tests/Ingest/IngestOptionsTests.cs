using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Ingest;

/// <summary>A limit of the ingest service that makes no sense stops it at start, naming the setting.</summary>
public sealed class IngestOptionsTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("dsapp-ingest-options-").FullName;

    [Theory]
    [InlineData("Ingest:MaxColumns", "0")]
    [InlineData("Ingest:MaxColumns", "-5")]
    [InlineData("Ingest:MaxRecordChars", "0")]
    public void A_limit_that_is_not_positive_stops_the_service_at_start(string setting, string value)
    {
        using var ingest = new WebApplicationFactory<DsApp.Ingest.IngestService>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:cache", "127.0.0.1:1,abortConnect=false");
            web.UseSetting("Storage:Path", _store);
            web.UseSetting(setting, value);
        });
        var error = Assert.Throws<OptionsValidationException>(() => ingest.CreateClient());
        Assert.Contains(setting, error.Message);
    }

    public void Dispose() => Directory.Delete(_store, recursive: true);
}
