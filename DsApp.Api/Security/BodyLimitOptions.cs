using System.ComponentModel.DataAnnotations;

namespace DsApp.Api.Security;

/// <summary><c>Gateway:BodyLimits</c>: the largest request body, by kind of request; past it, 413.</summary>
public sealed class BodyLimitOptions
{
    public const string Section = "Gateway:BodyLimits";
    public const long MiB = 1024 * 1024;

    /// <summary>Predict and infer (the contract: 1 MiB).</summary>
    [Range(1, long.MaxValue)] public long PredictionBytes { get; set; } = 1 * MiB;

    /// <summary>Dataset uploads and model imports (the contract: 256 MiB, configurable).</summary>
    [Range(1, long.MaxValue)] public long UploadBytes { get; set; } = 256 * MiB;

    /// <summary>Every other request (JSON commands, merge-patches).</summary>
    [Range(1, long.MaxValue)] public long OtherBytes { get; set; } = 1 * MiB;
}
