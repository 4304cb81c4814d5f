using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DsApp.Platform.Records;

/// <summary>Finishes the deletes that stopped part way (a crash, a store error): at start, then every <see cref="RecordsOptions.SweepInterval"/>.</summary>
public sealed partial class TombstoneSweeper(Tombstones tombstones, IOptions<RecordsOptions> options, ILogger<TombstoneSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var finished = await tombstones.SweepAsync(stoppingToken);
                if (finished > 0) LogFinished(logger, finished);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogFailed(logger, error);
            }
            await Task.Delay(options.Value.SweepInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finished {Count} deletes that had stopped part way")]
    private static partial void LogFinished(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sweep the tombstones; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
