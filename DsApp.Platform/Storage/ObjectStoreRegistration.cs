using Amazon;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.Platform.Storage;

public static class ObjectStoreRegistration
{
    /// <summary>Registers the <see cref="IObjectStore"/> the <c>Storage</c> section chooses, validated at start, with a readiness check.</summary>
    public static IHostApplicationBuilder AddObjectStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        builder.Services.AddSingleton<IObjectStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var store = Create(options, builder.Environment.ContentRootPath);
            return new TracedObjectStore(store, services.GetRequiredService<DsApp.ServiceDefaults.Telemetry.ServiceTelemetry>().ActivitySource, options.Provider.ToLowerInvariant());
        });
        builder.Services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("object-store", tags: ["ready"]);
        return builder;
    }

    public static IObjectStore Create(StorageOptions options, string contentRoot)
    {
        if (string.Equals(options.Provider, StorageProviders.File, StringComparison.OrdinalIgnoreCase))
        {
            return new FileObjectStore(System.IO.Path.Combine(contentRoot, options.Path));
        }
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return new S3ObjectStore(new AmazonS3Client(config), options.Bucket!, options.Prefix, options.ConditionalWrites);
    }
}
