using DsApp.ServiceDefaults.Storage;

namespace DsApp.Ingest;

public static class Extensions
{
    public static IHostApplicationBuilder AddIngestServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisCache();
        builder.AddObjectStore();
        builder.Services.AddSingleton<Datasets.DatasetStore>();
        return builder;
    }
}
