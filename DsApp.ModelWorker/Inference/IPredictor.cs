using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// What a runtime gives a loaded version: predictions for a table of the version's features, and the class names its
/// predictions index. Shared by every request to the version, so it must be safe to call from many threads at once.
/// </summary>
public interface IPredictor
{
    /// <summary>Class names, in the order of <see cref="Prediction.Probabilities"/> (multiclass); empty otherwise.</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Predicts every row of <paramref name="table"/> into <paramref name="results"/> (as long as the table).</summary>
    void Predict(ColumnTable table, Span<Prediction> results);
}
