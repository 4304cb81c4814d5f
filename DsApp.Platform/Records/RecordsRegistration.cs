using System.Text.Json;
using DsApp.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DsApp.Platform.Records;

public static class RecordsRegistration
{
    /// <summary>Registers the locks, the tombstones and their sweeper over the object store and Redis (after <c>AddObjectStore</c>).</summary>
    public static IHostApplicationBuilder AddStoreOfRecord(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecordsOptions>().BindConfiguration(RecordsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ResourceLocks>();
        builder.Services.AddSingleton<Tombstones>();
        builder.Services.AddHostedService<TombstoneSweeper>();
        return builder;
    }

    /// <summary>A manifest store over the registered object store with the given JSON shape.</summary>
    public static ManifestStore Manifests(this IServiceProvider services, JsonSerializerOptions json) =>
        new(services.GetRequiredService<IObjectStore>(), json);
}
