using System.ComponentModel.DataAnnotations;

namespace DsApp.Ingest.Datasets;

/// <summary>The <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest upload body taken, in bytes (413 past it). 256 MiB by default, as the contract says.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Ingest:MaxUploadBytes must be a positive number of bytes.")]
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;
}
