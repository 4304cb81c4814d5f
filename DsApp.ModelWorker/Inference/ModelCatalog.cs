using System.Collections.Concurrent;
using DsApp.Platform.Concurrency;
using Microsoft.Extensions.Caching.Memory;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// The models this replica serves, read from the registry and kept in memory. A change event (or the entry's age)
/// refreshes an entry: the versions the new rules route to are loaded first, then the entry is swapped, so requests
/// never wait for a load and the old version drains with the requests that hold it. Every refresh also drops the loaded
/// files the registry no longer lists, so a missed change event is healed within <see cref="InferenceOptions.CatalogMaxAge"/>.
/// A name the registry does not know is remembered as missing for <see cref="MissKeptFor"/> (at most
/// <see cref="MissesKept"/> names), so a reader asking for names that do not exist neither grows this replica's memory
/// nor costs a store read per request; a change (a model created here, or another replica's event) forgets it at once.
/// </summary>
public sealed class ModelCatalog(ModelRegistry registry, LoadedModels loaded, PredictionCache cache, PredictionStatistics statistics, Microsoft.Extensions.Options.IOptions<InferenceOptions> options, ILogger<ModelCatalog> logger) : IModelChangeObserver, IDisposable
{
    /// <summary>The most names of models that do not exist this replica remembers.</summary>
    public const int MissesKept = 1000;

    /// <summary>How long a name found missing is answered as missing without reading the registry again.</summary>
    public static readonly TimeSpan MissKeptFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, CatalogEntry> _entries = new();
    private readonly KeyedGates _refreshing = new();
    private readonly MemoryCache _misses = new(new MemoryCacheOptions { SizeLimit = MissesKept });

    /// <summary>How many names this replica keeps anything for: bounded, whatever names readers ask for.</summary>
    internal int TrackedNames => _entries.Count + _refreshing.Count + _misses.Count;

    public async ValueTask<CatalogEntry?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(name, out var entry))
        {
            if (DateTime.UtcNow - entry.FetchedAt > options.Value.CatalogMaxAge) _ = RefreshAsync(name, CancellationToken.None);
            return entry;
        }
        if (_misses.TryGetValue(name, out _)) return null;
        return await RefreshAsync(name, cancellationToken);
    }

    /// <summary>Reads the model again, loads what its rules route to, then swaps the entry.</summary>
    public async Task<CatalogEntry?> RefreshAsync(string name, CancellationToken cancellationToken)
    {
        using var gate = await _refreshing.EnterAsync(name, cancellationToken);
        var model = await registry.GetAsync(name, cancellationToken);
        if (model is null)
        {
            var existed = _entries.TryRemove(name, out _);
            loaded.Forget(name);
            statistics.Forget(name);
            _misses.Set(name, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MissKeptFor });
            if (existed) await cache.PurgeAsync(name);
            return null;
        }
        _misses.Remove(name);
        var versions = await registry.ListVersionsAsync(model, cancellationToken);
        foreach (var number in VersionSelector.Routable(model, versions))
        {
            try
            {
                await loaded.GetAsync(model, versions.First(v => v.Version == number));
            }
            catch (Exception error)
            {
                logger.LogError(error, "Could not load version {Version} of model {Model}", number, name);
            }
        }
        var entry = new CatalogEntry(model, versions, DateTime.UtcNow);
        _entries[name] = entry;
        loaded.ForgetAllBut(name, versions.Where(v => v.Status == VersionStatus.Ready).Select(v => ModelRegistry.ArtifactKey(model, v)).ToHashSet());
        return entry;
    }

    /// <summary>A change made in this replica: served from before it answers.</summary>
    public async Task ModelChangedAsync(string name, bool deleted, CancellationToken cancellationToken)
    {
        await RefreshAsync(name, cancellationToken);
        if (deleted) await cache.PurgeAsync(name);
    }

    public void Dispose() => _misses.Dispose();
}
