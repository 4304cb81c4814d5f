using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Training;

/// <summary>Everything one training run needs: the table holds the features and the label as <see cref="DatasetCsvReader.LabelColumn"/>.</summary>
public sealed record TrainingInput(
    ModelTask Task,
    IReadOnlyList<FeatureColumn> Features,
    ColumnTable Table,
    TrainerKind Trainer,
    double TestFraction,
    int Seed,
    TrainingOptions Options);
