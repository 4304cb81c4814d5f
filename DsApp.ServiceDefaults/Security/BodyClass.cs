namespace DsApp.ServiceDefaults.Security;

/// <summary>Which body limit a request falls under (see <see cref="BodyLimits"/>).</summary>
public enum BodyClass
{
    /// <summary>JSON commands and merge-patches.</summary>
    Standard = 0,
    /// <summary>Predict and infer.</summary>
    Prediction = 1,
    /// <summary>Dataset uploads and model imports, which may be large.</summary>
    Upload = 2,
}

public static class BodyClasses
{
    public static string Name(BodyClass bodyClass) => bodyClass switch
    {
        BodyClass.Standard => "standard",
        BodyClass.Prediction => "prediction",
        BodyClass.Upload => "upload",
        _ => throw new ArgumentOutOfRangeException(nameof(bodyClass)),
    };
}
