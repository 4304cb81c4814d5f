using DsApp.ModelWorker.Registry;
using DsApp.ServiceDefaults.Storage;

namespace DsApp.ModelWorker;

public static class Extensions
{
    public static IHostApplicationBuilder AddModelWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisCache();
        builder.AddObjectStore();
        builder.Services.AddSingleton<ModelRegistry>();
        return builder;
    }
}
