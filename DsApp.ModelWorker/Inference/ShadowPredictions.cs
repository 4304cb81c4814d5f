using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.ModelWorker.Telemetry;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// The shadow stage of the prediction pipeline: for the share of requests the model's shadow rule asks, the same rows go
/// to the shadow version too, off the request's path; its predictions are compared with the answered ones and counted
/// (<c>dsapp.shadow.comparisons</c>), never answered.
/// </summary>
public sealed class ShadowPredictions(ModelCatalog catalog, LoadedModels loaded, ModelWorkerMetrics metrics, ILogger<ShadowPredictions> logger)
{
    public void Offer(Model model, LoadedModel answered, ColumnTable table, Prediction[] answers)
    {
        if (model.Shadow is not { } shadow || shadow.Version == answered.Version || Random.Shared.Next(100) >= shadow.Percent) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var entry = await catalog.GetAsync(model.Name, CancellationToken.None);
                var version = entry?.Versions.FirstOrDefault(v => v.Version == shadow.Version && v.Status == VersionStatus.Ready);
                if (entry is null || version is null) return;
                var shadowModel = await loaded.GetAsync(entry.Model, version);
                var predictions = shadowModel.Predict(new ColumnTable(table.Columns, shadowModel.Layout.Schema));
                for (var i = 0; i < predictions.Length; i++)
                    metrics.ShadowCompared(model.Name, shadow.Version, Agrees(shadowModel, predictions[i], answered, answers[i]));
            }
            catch (Exception error)
            {
                // Off the request's path, nothing else would see it: a shadow that cannot predict is logged, and the answer stands.
                logger.LogWarning(error, "Shadow version {Version} of {Model} could not predict", shadow.Version, model.Name);
            }
        });
    }

    /// <summary>Whether two versions agree on a row: the same label (by name: versions may order classes differently), or values within 5 %.</summary>
    private static bool Agrees(LoadedModel shadow, in Prediction shadowed, LoadedModel answered, in Prediction answer) => shadow.Task switch
    {
        ModelTask.Regression => Math.Abs(answer.Value - shadowed.Value) <= 0.05 * Math.Max(1, Math.Abs(shadowed.Value)),
        ModelTask.BinaryClassification => answer.Flag == shadowed.Flag,
        _ => answered.ClassName(answer.ClassIndex) == shadow.ClassName(shadowed.ClassIndex),
    };
}
