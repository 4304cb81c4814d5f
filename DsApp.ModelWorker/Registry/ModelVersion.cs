using System.Text.Json.Serialization;
using DsApp.Platform.Contracts;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// One version of a model, as the contract describes it; stored as <c>models/{folder}/versions/{v}/version.json</c>,
/// written after the model file it describes. <see cref="Candidates"/>, <see cref="Error"/> and <see cref="JobId"/> are additions;
/// <see cref="Idempotency"/> records the key and request of a training that was asked for with an Idempotency-Key, so a
/// retry finds it when Redis lost the answer; <see cref="Artifact"/> is the key of its model file, a new key for every file written (null: <c>model.zip</c> beside it).
/// <see cref="Runtime"/> says what runs the file (manifests from before ONNX have none: ML.NET); <see cref="Graph"/> shows an
/// ONNX version's graph and how the features map onto it.
/// </summary>
public sealed record ModelVersion(
    string Model,
    int Version,
    VersionStatus Status,
    TrainerKind Trainer,
    string? DatasetId,
    int? DatasetVersion,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<FeatureColumn> Inputs,
    IReadOnlyList<OutputColumn> Outputs,
    long SizeBytes,
    double TrainingSeconds,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CandidateScore>? Candidates = null,
    string? Error = null,
    string? JobId = null,
    int? Seed = null,
    string? Artifact = null,
    ModelRuntime Runtime = ModelRuntime.Mlnet,
    OnnxGraph? Graph = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    DsApp.Platform.Idempotency.IdempotencyStamp? Idempotency = null)
{
    /// <summary>Versions are written once per state change, so the state names the entity.</summary>
    public string Etag => $"{Version}-{Status.ToString().ToLowerInvariant()}-{CreatedAt.ToUnixTimeMilliseconds()}-{SizeBytes}";

    [JsonIgnore]
    public string QuotedEtag => EntityTags.Quote(Etag);
}
