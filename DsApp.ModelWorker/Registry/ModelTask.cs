namespace DsApp.ModelWorker.Registry;

/// <summary>What a model predicts; kebab-case on the wire (<c>binary-classification</c>).</summary>
public enum ModelTask
{
    Regression,
    BinaryClassification,
    MulticlassClassification,
}
