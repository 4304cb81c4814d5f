using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Inference;

/// <summary>Refreshes this replica's view of a model when any replica changes it (hot swap: load first, then switch).</summary>
public sealed class ModelChangeListener(ModelEvents events, ModelCatalog catalog, ILogger<ModelChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await events.SubscribeAsync(async name =>
                {
                    try { await catalog.RefreshAsync(name, stoppingToken); }
                    catch (Exception error) when (error is not OperationCanceledException) { logger.LogWarning(error, "Could not refresh model {Model}", name); }
                });
                return;
            }
            catch (Exception error) when (error is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(error, "Cannot subscribe to model changes yet; models refresh by age until then");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
