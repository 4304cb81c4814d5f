using DsApp.Platform.Concurrency;
using DsApp.Platform.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DsApp.Platform.Records;

/// <summary>
/// Serializes the writes of one resource (a dataset, a model) across every replica: a gate per resource in this
/// process, then a Redis lock (SET NX with this holder's token and an expiry, released only by its holder). The lock
/// keeps writers from wasting work on each other; correctness comes from the manifests' conditional writes. Where the
/// store cannot decide those by itself, the lock is required, and a write without it is refused
/// (<see cref="CoordinationUnavailableException"/>) rather than risked.
/// </summary>
public sealed partial class ResourceLocks(IConnectionMultiplexer redis, IObjectStore store, ILogger<ResourceLocks> logger)
{
    /// <summary>Longer than any commit; a holder that died frees the resource after it.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    private readonly KeyedGates _gates = new();

    /// <summary>The Redis key of a resource's lock, such as <c>dsapp:datasets:sales:lock</c> for <c>datasets:sales</c>.</summary>
    public static RedisKey KeyOf(string resource) => $"dsapp:{resource}:lock";

    /// <summary>Holds the resource's write lock until the returned value is disposed.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken)
    {
        var gate = await _gates.EnterAsync(resource, cancellationToken);
        try
        {
            var (key, token) = (KeyOf(resource), Guid.NewGuid().ToString("N"));
            var shared = await TakeAsync(key, token, cancellationToken);
            if (!shared && !store.AtomicConditionalWrites) throw new CoordinationUnavailableException(resource);
            return new Held(gate, shared ? redis.GetDatabase() : null, key, token);
        }
        catch
        {
            gate.Dispose();
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

    private sealed class Held(IDisposable gate, IDatabase? redis, RedisKey key, string token) : IAsyncDisposable
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
                gate.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: {Key} is held by this replica only; conditional writes keep other replicas from overwriting")]
    private static partial void LogUnshared(ILogger logger, string key, Exception? error = null);
}
