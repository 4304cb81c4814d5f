using System.Text.Json.Serialization;
using DsApp.Platform.Idempotency;
using DsApp.Ingest.Profiling;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// A versioned table, as the contract describes it; stored as <c>datasets/{id}/dataset.json</c>. The store adds two
/// fields clients never see (<see cref="ForClients"/>): the <see cref="Generation"/> whose folder holds every object
/// of this incarnation (null: the layout before generations, <c>datasets/{id}/</c>), and the version numbers a commit
/// <see cref="Skipped"/> because an unfinished write had left a manifest there: those never become visible; and the
/// <see cref="Idempotency"/> key and request that created it, if any, so a retry finds it whatever Redis remembers.
/// </summary>
public sealed record Dataset(
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    string? Label,
    int Version,
    string Format,
    long RowCount,
    long SizeBytes,
    IReadOnlyList<DatasetColumn> Columns,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Etag,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Generation = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Skipped = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdempotencyStamp? Idempotency = null)
{
    /// <summary>Whether <paramref name="version"/> is a committed version of this incarnation.</summary>
    public bool Has(int version) => version >= 1 && version <= Version && Skipped?.Contains(version) != true;

    /// <summary>The dataset as the API shows it, without the store's bookkeeping.</summary>
    public Dataset ForClients() => this with { Generation = null, Skipped = null, Idempotency = null };
}
