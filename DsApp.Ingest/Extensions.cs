using DsApp.Ingest.Datasets;
using DsApp.Ingest.Events;
using DsApp.Platform.Idempotency;
using DsApp.Platform.Records;
using DsApp.Platform.Redis;
using DsApp.Platform.Storage;

namespace DsApp.Ingest;

public static class Extensions
{
    public static IHostApplicationBuilder AddIngestServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisCache();
        builder.AddObjectStore();
        builder.AddIdempotency();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DatasetStore>();
        builder.AddStoreOfRecord();
        builder.Services.AddSingleton<DatasetCommands>();
        builder.Services.AddSingleton<DatasetEvents>();
        builder.Services.AddSingleton<DatasetIngestion>();
        builder.Services.AddSingleton<IdempotentDatasetPost>();
        builder.Services.AddExceptionHandler<IngestExceptionHandler>();
        return builder;
    }
}
