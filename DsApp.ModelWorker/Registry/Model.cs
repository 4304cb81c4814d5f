namespace DsApp.ModelWorker.Registry;

/// <summary>A named model, as the contract describes it; stored as <c>models/{name}/model.json</c>.</summary>
public sealed record Model(
    string Name,
    string Task,
    string Label,
    IReadOnlyList<string> Features,
    string? Description,
    IReadOnlyDictionary<string, int> Aliases,
    IReadOnlyList<TrafficRule> Traffic,
    ShadowRule? Shadow,
    int? LatestVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Etag);
