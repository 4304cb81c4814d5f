using System.Text.Json;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Training;

/// <summary>What a training job carries: everything resolved when it was accepted (the dataset version is pinned).</summary>
public sealed record TrainingPayload(
    string Model,
    int Version,
    string DatasetId,
    int DatasetVersion,
    TrainerKind Trainer,
    double TestFraction,
    int Seed,
    JsonElement? Options,
    IReadOnlyList<FeatureColumn> Features,
    string Label,
    string LabelType,
    ModelTask Task);
