namespace DsApp.ModelWorker.Registry;

/// <summary>A named model, as the contract describes it; stored as <c>models/{name}/model.json</c>.</summary>
/// <remarks><see cref="CachePredictions"/> is this service's addition: the prediction cache can be switched off per model;
/// <see cref="Capture"/> too: the share of predictions kept for drift (null: off).</remarks>
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
    Monitoring.CaptureRule? Capture = null);
