using DsApp.Platform.Idempotency;
using DsApp.Platform.Records;
using DsApp.Platform.Redis;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Jobs;
using DsApp.ModelWorker.ModelFiles;
using DsApp.ModelWorker.Monitoring;
using DsApp.ModelWorker.OpenInference;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using DsApp.ModelWorker.Training;
using DsApp.Platform.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using DsApp.ModelWorker.Datasets;

namespace DsApp.ModelWorker;

public static class Extensions
{
    public static IHostApplicationBuilder AddModelWorkerServices(this IHostApplicationBuilder builder)
    {
        // Before ML.NET loads LightGBM: the OpenMP runtime it links, which the official images lack (docs/deploy.md).
        OpenMpRuntime.EnsureLoaded();
        builder.AddRedisCache();
        builder.AddObjectStore();
        builder.AddStoreOfRecord();
        builder.AddIdempotency();
        var services = builder.Services;
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddExceptionHandler<DependencyOutageHandler>();
        services.AddMetrics();
        services.AddSingleton<ModelWorkerMetrics>();

        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelEvents>();
        services.AddSingleton<ModelCommands>();

#pragma warning disable EXTEXP0001 // evaluation API; the only way to take the defaults' resilience handler off one client
        services.AddHttpClient<DatasetClient>(http =>
        {
            http.BaseAddress = new Uri(builder.Configuration["Ingest:BaseAddress"] ?? DatasetClient.DefaultBaseAddress);
            http.Timeout = Timeout.InfiniteTimeSpan;
        })
        // Datasets stream for longer than the standard attempt timeout, and a streamed upload cannot be retried.
        .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<IOptions<InferenceOptions>>((cache, inference) =>
            cache.SizeLimit = inference.Value.MemoryCacheEntries);
        services.AddSingleton<Inference.Onnx.OnnxLoader>();
        services.AddSingleton<LoadedModels>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<IModelChangeObserver>(provider => provider.GetRequiredService<ModelCatalog>());
        services.AddSingleton<PredictionCache>();
        services.AddSingleton<PredictionStatistics>();
        services.AddSingleton<ShadowPredictions>();
        services.AddSingleton<PredictionService>();

        services.AddSingleton<JobStore>();
        services.AddSingleton<IJobHandler, TrainingJobHandler>();
        services.AddSingleton<IJobHandler, BatchPredictionJobHandler>();
        services.AddHostedService<JobWorker>();
        services.AddHostedService<ModelChangeListener>();
        services.AddModelMonitoring();
        return builder;
    }

    public static WebApplication MapModelWorkerApi(this WebApplication app)
    {
        app.MapModelsApi();
        app.MapModelVersionsApi();
        app.MapOnnxExportApi();
        app.MapTrainingApi();
        app.MapPredictApi();
        app.MapBatchPredictionsApi();
        app.MapJobsApi();
        app.MapOpenInferenceApi();
        app.MapMonitoringApi();
        return app;
    }
}
