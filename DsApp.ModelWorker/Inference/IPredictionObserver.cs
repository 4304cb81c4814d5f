using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// What watches answered predictions (payload capture, in Monitoring), offered each request's rows by
/// <see cref="PredictionService"/> without waiting. Inference knows only this interface, as Registry knows only
/// <see cref="IModelChangeObserver"/>: monitoring builds on serving, not the other way round.
/// </summary>
public interface IPredictionObserver
{
    /// <param name="answers">One JSON object per row, made only if the observer keeps this request.</param>
    void Offer(Model model, int version, ColumnTable inputs, Func<byte[][]> answers);
}
