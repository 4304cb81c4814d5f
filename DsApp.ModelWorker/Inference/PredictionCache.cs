using System.Security.Cryptography;
using System.Text;
using DsApp.ModelWorker.Telemetry;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Answers already given, keyed by model, its creation, version and the canonical input row: a short in-process first
/// level in front of Redis. A Redis outage makes every look-up a miss, never a failed prediction nor a slow one: Redis is
/// not asked while the client is disconnected (a command would wait in its backlog for the reconnection or its timeout,
/// seconds), a look-up waits at most <see cref="InferenceOptions.CacheTimeout"/>, and after one went unanswered Redis
/// is left alone for <see cref="QuietAfterTimeout"/>. What is kept is the prediction (<see cref="PredictionCodec"/>),
/// whichever protocol asked for it.
/// </summary>
public sealed class PredictionCache(IConnectionMultiplexer redis, IMemoryCache memory, IOptions<InferenceOptions> options,
    ModelWorkerMetrics metrics, ILogger<PredictionCache> logger)
{
    public const string KeyPrefix = "dsapp:pred:";

    /// <summary>How long Redis is not asked after a look-up went unanswered (a Redis that takes packets but does not answer).</summary>
    public static readonly TimeSpan QuietAfterTimeout = TimeSpan.FromSeconds(1);

    private long _quietUntil;

    private bool RedisUsable => redis.IsConnected && Environment.TickCount64 >= Volatile.Read(ref _quietUntil);

    public static string Key(string model, long generation, int version, string canonicalRow) =>
        $"{KeyPrefix}{model}:{generation}:{version}:{PredictionCodec.Format}:{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRow)))}";

    /// <summary>The cached prediction of each key, or null; counts hits and misses.</summary>
    public async Task<Prediction?[]> LookupAsync(string[] keys)
    {
        var found = new Prediction?[keys.Length];
        List<int>? remote = null;
        for (var i = 0; i < keys.Length; i++)
        {
            if (memory.TryGetValue(keys[i], out byte[]? hit) && PredictionCodec.TryDecode(hit, out var prediction)) found[i] = prediction;
            else (remote ??= []).Add(i);
        }
        if (remote is not null && RedisUsable)
        {
            try
            {
                var values = await redis.GetDatabase().StringGetAsync(remote.Select(i => (RedisKey)keys[i]).ToArray()).WaitAsync(options.Value.CacheTimeout);
                for (var r = 0; r < remote.Count; r++)
                {
                    if (values[r].IsNull) continue;
                    var bytes = (byte[])values[r]!;
                    if (!PredictionCodec.TryDecode(bytes, out var prediction)) continue;
                    found[remote[r]] = prediction;
                    Remember(keys[remote[r]], bytes);
                }
            }
            catch (TimeoutException error)
            {
                Volatile.Write(ref _quietUntil, Environment.TickCount64 + (long)QuietAfterTimeout.TotalMilliseconds);
                logger.LogDebug(error, "Prediction cache did not answer in time: predicting without it");
            }
            catch (RedisException error)
            {
                logger.LogDebug(error, "Prediction cache unreachable: predicting without it");
            }
        }
        var hits = found.Count(f => f.HasValue);
        metrics.CacheLookups(hits, keys.Length - hits);
        return found;
    }

    public void Store(string key, in Prediction prediction)
    {
        var answer = PredictionCodec.Encode(prediction);
        Remember(key, answer);
        if (!RedisUsable) return;
        try
        {
            redis.GetDatabase().StringSet(key, answer, options.Value.CacheTtl, flags: CommandFlags.FireAndForget);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            logger.LogDebug(error, "Prediction cache unreachable: answer not stored");
        }
    }

    /// <summary>Removes every cached answer of a model from Redis (the in-memory level expires within seconds, and keys carry the model's creation).</summary>
    public async Task PurgeAsync(string model)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica) continue;
            var batch = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: $"{KeyPrefix}{model}:*", pageSize: 1000))
            {
                batch.Add(key);
                if (batch.Count == 1000)
                {
                    await redis.GetDatabase().KeyDeleteAsync(batch.ToArray());
                    batch.Clear();
                }
            }
            if (batch.Count > 0) await redis.GetDatabase().KeyDeleteAsync(batch.ToArray());
        }
    }

    private void Remember(string key, byte[] answer)
    {
        var ttl = options.Value.MemoryCacheTtl;
        if (ttl <= TimeSpan.Zero) return;
        memory.Set(key, answer, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
    }
}
