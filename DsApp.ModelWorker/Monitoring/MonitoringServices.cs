using DsApp.ModelWorker.Inference;

namespace DsApp.ModelWorker.Monitoring;

public static class MonitoringServices
{
    /// <summary>Payload capture, training profiles, drift and the cache flush.</summary>
    public static IServiceCollection AddModelMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MonitoringMetrics>();
        services.AddSingleton<PayloadCapture>();
        services.AddHostedService(sp => sp.GetRequiredService<PayloadCapture>());
        services.AddSingleton<IPredictionObserver>(sp => sp.GetRequiredService<PayloadCapture>());
        services.AddSingleton<TrainingProfiles>();
        services.AddSingleton<DriftCalculator>();
        services.AddSingleton<PredictionCacheFlush>();
        return services;
    }
}
