using System.Collections.Concurrent;
using StackExchange.Redis;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// Serializes the writes of one dataset's manifests (an upload committing, PATCH, DELETE) across every replica,
/// so two uploads never take the same version number: a gate per dataset in this process, then a Redis lock
/// (SET NX with this holder's token and an expiry, released only by its holder). Redis is not the record: while it
/// is unreachable, writes go on under the process's gate alone (logged), as uploads must not fail for a hint store.
/// </summary>
public sealed partial class DatasetLocks(IConnectionMultiplexer redis, ILogger<DatasetLocks> logger)
{
    /// <summary>Longer than any commit (two small manifest writes); a holder that died frees the dataset after it.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public static RedisKey KeyOf(string id) => $"dsapp:datasets:{id}:lock";

    /// <summary>Holds the dataset's write lock until the returned value is disposed.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string id, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (key, token) = (KeyOf(id), Guid.NewGuid().ToString("N"));
            var shared = await TakeAsync(key, token, cancellationToken);
            return new Held(gate, shared ? redis.GetDatabase() : null, key, token);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>True once the Redis lock is ours; false when Redis cannot be asked (then the process's gate alone holds).</summary>
    private async Task<bool> TakeAsync(RedisKey key, string token, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        while (true)
        {
            // Not connected: asking would wait for the client's command timeout (seconds) on every write.
            if (!redis.IsConnected)
            {
                LogUnshared(logger, key.ToString());
                return false;
            }
            try
            {
                if (await db.LockTakeAsync(key, token, Expiry)) return true;
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                LogUnshared(logger, key.ToString(), error);
                return false;
            }
            await Task.Delay(Retry, cancellationToken);
        }
    }

    private sealed class Held(SemaphoreSlim gate, IDatabase? redis, RedisKey key, string token) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            try
            {
                // Only our own token is removed: a lock that expired and was taken by another replica stays its.
                if (redis is not null) await redis.LockReleaseAsync(key, token);
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                // It expires on its own.
            }
            finally
            {
                gate.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: {Key} is held by this replica only; uploads to the same dataset on other replicas could race")]
    private static partial void LogUnshared(ILogger logger, string key, Exception? error = null);
}
