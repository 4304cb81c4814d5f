namespace DsApp.ModelWorker.Registry;

/// <summary>The trainers a version can be trained with; <see cref="Auto"/> tries several and keeps the best. <see cref="Imported"/> marks a model trained elsewhere.</summary>
public enum TrainerKind
{
    Auto,
    Lbfgs,
    Sdca,
    FastTree,
    LightGbm,
    Imported,
}
