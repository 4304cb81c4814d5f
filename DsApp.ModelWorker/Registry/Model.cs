namespace DsApp.ModelWorker.Registry;

/// <summary>A named model, as the contract describes it; stored as <c>models/{name}/model.json</c>.</summary>
/// <remarks><see cref="CachePredictions"/> is this service's addition: the prediction cache can be switched off per model;
/// <see cref="Capture"/> too: the share of predictions kept for drift (null: off). <see cref="Generation"/> names this
/// incarnation: its versions, artifacts and captures are kept under it, so a model deleted and created again under the
/// same name never sees them (null: a model from before generations). <see cref="Batching"/> joins concurrent requests
/// into one call of the runtime (null: off, the default). <see cref="LatestVersion"/> is the highest number
/// ever given to a version of this incarnation: numbers are never given twice.</remarks>
public sealed record Model(
    string Name,
    ModelTask Task,
    string Label,
    IReadOnlyList<string> Features,
    string? Description,
    IReadOnlyDictionary<string, int> Aliases,
    IReadOnlyList<TrafficRule> Traffic,
    ShadowRule? Shadow,
    int? LatestVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Etag,
    bool CachePredictions = true,
    CaptureRule? Capture = null,
    string? Generation = null,
    BatchingRule? Batching = null)
{
    /// <summary>The folder of this incarnation under <c>models/</c> and <c>captures/</c>.</summary>
    public string Folder => Generation is null ? Name : $"{Name}/{Generation}";
}
