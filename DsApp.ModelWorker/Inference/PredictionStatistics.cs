using System.Collections.Concurrent;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Per model and version, what this replica's prediction pipeline did since it started (the Open Inference Protocol's
/// statistics extension). In memory and per replica: each replica reports its own requests; nothing is shared or kept.
/// </summary>
public sealed class PredictionStatistics
{
    private readonly ConcurrentDictionary<(string Model, int Version), VersionStatistics> _versions = new();

    /// <summary>The counters of a version of the model as it now is (a model created again under its name starts afresh).</summary>
    public VersionStatistics For(Model model, int version)
    {
        var key = (model.Name, version);
        var incarnation = model.CreatedAt.ToUnixTimeMilliseconds();
        while (true)
        {
            var current = _versions.GetOrAdd(key, _ => new VersionStatistics(incarnation));
            if (current.Incarnation == incarnation) return current;
            _versions.TryUpdate(key, new VersionStatistics(incarnation), current); // whoever wins, the next turn reads the new counters
        }
    }

    /// <summary>The versions of <paramref name="model"/> (every model when null) counted so far, by name then version.</summary>
    public IReadOnlyList<(string Model, int Version, VersionStatisticsSnapshot Statistics)> Read(string? model = null) =>
        _versions.Where(v => model is null || v.Key.Model == model)
            .OrderBy(v => v.Key.Model, StringComparer.Ordinal).ThenBy(v => v.Key.Version)
            .Select(v => (v.Key.Model, v.Key.Version, v.Value.Read()))
            .ToList();

    /// <summary>The counters of a version as they are, or null when it was never asked for in this replica.</summary>
    public VersionStatisticsSnapshot? Read(Model model, int version) =>
        _versions.TryGetValue((model.Name, version), out var statistics) && statistics.Incarnation == model.CreatedAt.ToUnixTimeMilliseconds()
            ? statistics.Read()
            : null;

    /// <summary>A deleted model's counters go with it.</summary>
    public void Forget(string model)
    {
        foreach (var key in _versions.Keys.Where(k => k.Model == model)) _versions.TryRemove(key, out _);
    }
}
