namespace DsApp.ModelWorker.Training;

/// <summary>How one feature enters the model's feature vector.</summary>
public enum FeatureEncoding
{
    /// <summary>Missing values replaced by the mean, then normalised.</summary>
    Numeric,
    /// <summary>One indicator per category (few categories).</summary>
    OneHot,
    /// <summary>Categories hashed into 2^bits indicators (many categories).</summary>
    Hashed,
}
