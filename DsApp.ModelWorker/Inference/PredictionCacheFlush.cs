using Microsoft.Extensions.Caching.Memory;

namespace DsApp.ModelWorker.Inference;

/// <summary>Flushes one model's cached predictions: its keys in Redis and this replica's in-memory entries.</summary>
/// <remarks>Other replicas' in-memory entries live at most <see cref="InferenceOptions.MemoryCacheTtl"/> (seconds) longer.</remarks>
public sealed class PredictionCacheFlush(PredictionCache cache, IMemoryCache memory)
{
    public async Task FlushAsync(string model)
    {
        await cache.PurgeAsync(model);
        if (memory is not MemoryCache local) return;
        var prefix = $"{PredictionCache.KeyPrefix}{model}:";
        foreach (var key in local.Keys)
        {
            if (key is string text && text.StartsWith(prefix, StringComparison.Ordinal)) local.Remove(key);
        }
    }
}
