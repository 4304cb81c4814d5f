using DsApp.Platform.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.Tests.Unit.Platform.Storage;

public class StorageOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(StorageOptions options) => new StorageOptionsValidator().Validate(null, options);

    [Fact]
    public void The_default_file_store_is_valid()
    {
        Assert.True(Validate(new StorageOptions()).Succeeded);
    }

    [Theory]
    [InlineData("S3", null, "us-east-1", null, "Storage:Bucket")]
    [InlineData("S3", "b", null, null, "Storage:Region")]
    [InlineData("S3", "b", null, "not a url", "Storage:ServiceUrl")]
    [InlineData("Ftp", null, null, null, "Storage:Provider")]
    public void A_bad_setting_is_named_by_its_key(string provider, string? bucket, string? region, string? serviceUrl, string key)
    {
        var result = Validate(new StorageOptions { Provider = provider, Bucket = bucket, Region = region, ServiceUrl = serviceUrl });
        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage);
    }

    [Fact]
    public void S3_against_a_compatible_endpoint_needs_no_region()
    {
        Assert.True(Validate(new StorageOptions { Provider = "S3", Bucket = "data", ServiceUrl = "http://127.0.0.1:4568" }).Succeeded);
    }

    [Fact]
    public void A_service_with_a_bad_storage_setting_stops_at_start_naming_the_key()
    {
        // The registration every service makes (AddObjectStore), in a plain host: WebApplicationFactory, when the
        // entry point throws at start under load, can report its disposed provider instead of the start's exception.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3",
            ["Storage:Region"] = "eu-west-1",
        });
        builder.AddObjectStore();
        using var host = builder.Build();
        var error = Assert.Throws<OptionsValidationException>(() => host.Start());
        Assert.Contains("Storage:Bucket", error.Message);
    }
}
