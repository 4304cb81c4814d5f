namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// The default body limit of each <see cref="BodyClass"/>, defined once: the gateway's <c>Gateway:BodyLimits</c>, the
/// ingest service's <c>Ingest:MaxUploadBytes</c>, the model worker's predict and import limits and the published
/// contract all start from these.
/// </summary>
public static class BodyLimits
{
    public const long MiB = 1024 * 1024;
    public const long PredictionBytes = 1 * MiB;
    public const long UploadBytes = 256 * MiB;
    public const long StandardBytes = 1 * MiB;

    /// <summary>A limit as the contract states it: whole mebibytes as "N MiB", anything else in bytes.</summary>
    public static string Describe(long bytes) => bytes % MiB == 0 ? $"{bytes / MiB} MiB" : $"{bytes} bytes";
}
