using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// A request's rows as its protocol sent them (REST instances, Open Inference Protocol tensors), read by the prediction
/// pipeline once it has chosen the version that answers: versions of one model may take different features (an ML.NET
/// version beside an ONNX one), so the rows become a table only by the chosen version's layout.
/// </summary>
public interface IPredictionInput
{
    /// <summary>
    /// The rows as a table of <paramref name="version"/>'s features, at most <paramref name="maxRows"/> of them; anything
    /// in the request that does not fit the version (a field, a tensor, an output asked for) is an <see cref="InputException"/>.
    /// </summary>
    ColumnTable Read(LoadedModel version, int maxRows);
}
