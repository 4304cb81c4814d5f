using System.Collections.Concurrent;
using System.Diagnostics;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Telemetry;
using DsApp.ModelWorker.Inference.Onnx;
using Microsoft.ML;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// The versions loaded in this replica, each loaded once (concurrent requests wait for the same load). A loaded version is
/// known by its model file's key, which is new for every file written, so a model deleted and created again, or a version
/// number given to another file, can never be answered by what was loaded before.
/// </summary>
public sealed partial class LoadedModels(ModelRegistry registry, OnnxLoader onnx, ModelWorkerMetrics metrics, ILogger<LoadedModels> logger)
{
    private readonly ConcurrentDictionary<(string Name, string Artifact), Lazy<Task<LoadedModel>>> _models = new();
    private readonly MLContext _ml = new();

    public Task<LoadedModel> GetAsync(Model model, ModelVersion version)
    {
        var key = (model.Name, ModelRegistry.ArtifactKey(model, version));
        var lazy = _models.GetOrAdd(key, _ => new Lazy<Task<LoadedModel>>(() => LoadAsync(model, version)));
        return AwaitOrForgetAsync(key, lazy);
    }

    public bool IsLoaded(Model model, ModelVersion version) =>
        _models.TryGetValue((model.Name, ModelRegistry.ArtifactKey(model, version)), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully;

    /// <summary>How many model files of this model are loaded (or loading).</summary>
    public int CountLoaded(string name) => _models.Keys.Count(k => k.Name == name);

    /// <summary>Drops every loaded version of a model; requests already holding one finish with it.</summary>
    public void Forget(string name) => ForgetAllBut(name, new HashSet<string>());

    /// <summary>Drops the loaded files of a model that the registry no longer lists (deleted versions, an older incarnation).</summary>
    /// <remarks>Nothing is disposed here: requests in flight may still hold what is dropped. An ONNX session is released by
    /// its finalizer once the last holder lets go (see <see cref="OnnxPredictor"/>).</remarks>
    public void ForgetAllBut(string name, IReadOnlySet<string> artifacts)
    {
        foreach (var key in _models.Keys.Where(k => k.Name == name && !artifacts.Contains(k.Artifact))) _models.TryRemove(key, out _);
    }

    /// <summary>Loads a model file by the runtime its version names and checks it can answer; the caller gets an exception naming what is wrong.</summary>
    public LoadedModel Load(MemoryStream file, Model model, ModelVersion version)
    {
        if (version.Runtime == ModelRuntime.Onnx)
        {
            // Bound to the features the version recorded at import, so the graph maps exactly as it was checked.
            var predictor = onnx.Load(file.ToArray(), version.Inputs.Select(i => i.Name).ToList(), model.Task);
            return new LoadedModel(model.Name, version, model.Task, model.Label, predictor);
        }
        var transformer = _ml.Model.Load(file, out _);
        return new LoadedModel(model.Name, version, model.Task, model.Label, transformer);
    }

    private async Task<LoadedModel> AwaitOrForgetAsync((string, string) key, Lazy<Task<LoadedModel>> lazy)
    {
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _models.TryRemove(new KeyValuePair<(string, string), Lazy<Task<LoadedModel>>>(key, lazy)); // a later request tries again
            throw;
        }
    }

    private async Task<LoadedModel> LoadAsync(Model model, ModelVersion version)
    {
        var watch = Stopwatch.StartNew();
        await using var stream = await registry.OpenArtifactAsync(model, version, CancellationToken.None)
            ?? throw new InvalidOperationException($"The model file of version {version.Version} of '{model.Name}' is missing.");
        // A zip needs a seekable stream, and ONNX Runtime the whole file; the object store's stream may not be seekable.
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
