using System.ComponentModel.DataAnnotations;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Api.Security;

/// <summary><c>Gateway:BodyLimits</c>: the largest request body, by <see cref="BodyClass"/>; past it, 413. Defaults: <see cref="BodyLimits"/>.</summary>
public sealed class BodyLimitOptions
{
    public const string Section = "Gateway:BodyLimits";

    /// <summary>Predict and infer.</summary>
    [Range(1, long.MaxValue)] public long PredictionBytes { get; set; } = BodyLimits.PredictionBytes;

    /// <summary>Dataset uploads and model imports.</summary>
    [Range(1, long.MaxValue)] public long UploadBytes { get; set; } = BodyLimits.UploadBytes;

    /// <summary>Every other request (JSON commands, merge-patches).</summary>
    [Range(1, long.MaxValue)] public long OtherBytes { get; set; } = BodyLimits.StandardBytes;

    public long For(BodyClass bodyClass) => bodyClass switch
    {
        BodyClass.Prediction => PredictionBytes,
        BodyClass.Upload => UploadBytes,
        _ => OtherBytes,
    };
}
