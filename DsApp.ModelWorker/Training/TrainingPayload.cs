using System.Text.Json;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Training;

/// <summary>
/// What a training job carries: everything resolved when it was accepted (the dataset version is pinned), and the
/// generation of the model it trains for, so a job never commits to a model deleted and created again since.
/// </summary>
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
    ModelTask Task,
    string? Generation = null);
