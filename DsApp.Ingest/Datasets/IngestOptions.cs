using System.ComponentModel.DataAnnotations;
using DsApp.ServiceDefaults.Security;

namespace DsApp.Ingest.Datasets;

/// <summary>The <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest upload body taken, in bytes (413 past it). By default the contract's upload limit (<see cref="BodyLimits.UploadBytes"/>).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Ingest:MaxUploadBytes must be a positive number of bytes.")]
    public long MaxUploadBytes { get; set; } = BodyLimits.UploadBytes;

    /// <summary>
    /// The most columns a table may have (400 past it). Each column costs a profile, and its manifest entry is
    /// re-read on every GET, so a small upload must not be able to name a hundred thousand.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "Ingest:MaxColumns must be a positive number of columns.")]
    public int MaxColumns { get; set; } = 2_000;

    /// <summary>The most characters one record may have: a CSV line, or a JSON object's names and values (400 past it).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Ingest:MaxRecordChars must be a positive number of characters.")]
    public int MaxRecordChars { get; set; } = 1 << 20;
}
