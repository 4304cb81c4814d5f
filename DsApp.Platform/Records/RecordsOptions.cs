using System.ComponentModel.DataAnnotations;

namespace DsApp.Platform.Records;

/// <summary>The <c>Records</c> section: how the store of record looks after itself.</summary>
public sealed class RecordsOptions
{
    public const string Section = "Records";

    /// <summary>How often deletes that stopped part way are looked for and finished (they are also at start).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
