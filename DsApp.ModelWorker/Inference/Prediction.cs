namespace DsApp.ModelWorker.Inference;

/// <summary>
/// One row's answer: <see cref="Value"/> for regression; <see cref="Flag"/> and <see cref="Probability"/> for binary;
/// <see cref="ClassIndex"/> (0-based) and <see cref="Probabilities"/> for multiclass.
/// </summary>
public readonly record struct Prediction(float Value, bool Flag, float Probability, int ClassIndex, float[]? Probabilities);
