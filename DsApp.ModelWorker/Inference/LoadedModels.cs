using System.Collections.Concurrent;
using System.Diagnostics;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using Microsoft.ML;

namespace DsApp.ModelWorker.Inference;

/// <summary>The versions loaded in this replica, each loaded once (concurrent requests wait for the same load).</summary>
public sealed partial class LoadedModels(ModelRegistry registry, ModelWorkerMetrics metrics, ILogger<LoadedModels> logger)
{
    private readonly ConcurrentDictionary<(string Name, int Version), Lazy<Task<LoadedModel>>> _models = new();
    private readonly MLContext _ml = new();

    public Task<LoadedModel> GetAsync(Model model, ModelVersion version)
    {
        var key = (model.Name, version.Version);
        var lazy = _models.GetOrAdd(key, _ => new Lazy<Task<LoadedModel>>(() => LoadAsync(model, version)));
        return AwaitOrForgetAsync(key, lazy);
    }

    public bool IsLoaded(string name, int version) =>
        _models.TryGetValue((name, version), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully;

    /// <summary>Drops every loaded version of a model; requests already holding one finish with it.</summary>
    public void Forget(string name)
    {
        foreach (var key in _models.Keys.Where(k => k.Name == name)) _models.TryRemove(key, out _);
    }

    public void Forget(string name, int version) => _models.TryRemove((name, version), out _);

    /// <summary>Loads a model file and checks it can answer; the caller gets an exception naming what is wrong.</summary>
    public LoadedModel Load(Stream zip, Model model, ModelVersion version)
    {
        var transformer = _ml.Model.Load(zip, out _);
        return new LoadedModel(model.Name, version, model.Task, model.Label, transformer);
    }

    private async Task<LoadedModel> AwaitOrForgetAsync((string, int) key, Lazy<Task<LoadedModel>> lazy)
    {
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _models.TryRemove(new KeyValuePair<(string, int), Lazy<Task<LoadedModel>>>(key, lazy)); // a later request tries again
            throw;
        }
    }

    private async Task<LoadedModel> LoadAsync(Model model, ModelVersion version)
    {
        var watch = Stopwatch.StartNew();
        await using var stream = await registry.OpenArtifactAsync(model.Name, version.Version, CancellationToken.None)
            ?? throw new InvalidOperationException($"The model file of version {version.Version} of '{model.Name}' is missing.");
        // A zip needs a seekable stream; the object store's may not be.
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        buffer.Position = 0;
        var loaded = Load(buffer, model, version);
        metrics.ModelLoaded(model.Name, version.Version, watch.Elapsed.TotalSeconds);
        LogLoaded(logger, model.Name, version.Version, buffer.Length, watch.Elapsed.TotalMilliseconds);
        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded version {Version} of model {Model} ({Bytes} bytes) in {Milliseconds:F0} ms")]
    private static partial void LogLoaded(ILogger logger, string model, int version, long bytes, double milliseconds);
}
