using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using DsApp.Platform.Paging;
using DsApp.Platform.Records;
using DsApp.Platform.Storage;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// Where datasets live in the object store. <c>datasets/{id}/dataset.json</c> makes a dataset visible and names its
/// generation; the incarnation's version manifests are under <c>datasets/{id}/{generation}/versions/{n:D6}.json</c>
/// (each created once, never overwritten), and each names its data object, <c>datasets/{id}/data/{upload}.csv</c>
/// (uploads store their data before they know which incarnation they will commit to). A version is visible only while
/// the dataset manifest counts it (<see cref="Dataset.Has"/>), so a manifest left by an unfinished commit or a deleted
/// incarnation is never read.
/// </summary>
public sealed class DatasetStore(IObjectStore store, Tombstones tombstones)
{
    public const string Prefix = "datasets/";
    public const string ManifestName = "dataset.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ManifestStore _manifests = new(store, Json);

    public IObjectStore Objects => store;

    public static string ManifestKey(string id) => $"{Prefix}{id}/{ManifestName}";

    /// <summary>The folder of one incarnation; datasets from before generations keep theirs at <c>datasets/{id}/</c>.</summary>
    public static string FolderOf(string id, string? generation) => generation is null ? $"{Prefix}{id}/" : $"{Prefix}{id}/{generation}/";

    public static string VersionKey(string id, string? generation, int version) => $"{FolderOf(id, generation)}versions/{version:D6}.json";

    /// <summary>A fresh key for an upload's data; the version number is known only when it commits.</summary>
    public static string NewDataKey(string id) =>
        $"{Prefix}{id}/data/{DateTimeOffset.UtcNow:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.csv";

    public static string NewEtag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public async Task<Page<Dataset>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var stored = await ManifestPager.ReadPageAsync<Dataset>(store, Prefix, ManifestName, page, Json, cancellationToken);
        return stored with { Items = stored.Items.Select(d => d.ForClients()).ToList() };
    }

    public Task<Versioned<Dataset>?> GetWithEtagAsync(string id, CancellationToken cancellationToken) =>
        _manifests.GetAsync<Dataset>(ManifestKey(id), cancellationToken);

    public Task<Dataset?> GetAsync(string id, CancellationToken cancellationToken) => _manifests.ReadAsync<Dataset>(ManifestKey(id), cancellationToken);

    /// <summary>A committed version of this incarnation, or null (never a version the manifest does not count).</summary>
    public async Task<DatasetVersion?> GetVersionAsync(Dataset dataset, int version, CancellationToken cancellationToken) =>
        dataset.Has(version) ? await _manifests.ReadAsync<DatasetVersion>(VersionKey(dataset.Id, dataset.Generation, version), cancellationToken) : null;

    /// <summary>The committed versions of this incarnation, oldest first, after the key <paramref name="startAfter"/>.</summary>
    public async IAsyncEnumerable<DatasetVersion> ListVersionsAsync(Dataset dataset, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in store.ListAsync($"{FolderOf(dataset.Id, dataset.Generation)}versions/", startAfter, cancellationToken))
        {
            var version = await _manifests.ReadAsync<DatasetVersion>(item.Key, cancellationToken);
            if (version is null || !dataset.Has(version.Version)) continue;
            yield return version;
        }
    }

    /// <summary>Creates a version's manifest; false when the number is taken (another commit, or one that never finished).</summary>
    public Task<bool> CreateVersionAsync(string? generation, DatasetVersion version, CancellationToken cancellationToken) =>
        _manifests.CreateAsync(VersionKey(version.DatasetId, generation, version.Version), version, cancellationToken);

    /// <summary>Writes the dataset manifest over what was read (or where there was none); false when it changed since.</summary>
    public Task<bool> WriteAsync(Dataset dataset, Versioned<Dataset>? read, CancellationToken cancellationToken) =>
        _manifests.WriteOverAsync(ManifestKey(dataset.Id), dataset, read, cancellationToken);

    /// <summary>
    /// Hides the dataset (its manifest), then removes the incarnation's objects behind a tombstone: its folder and the
    /// data objects its versions name (not the whole data folder, where a new incarnation's uploads may be streaming).
    /// </summary>
    public async Task DeleteAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var objects = new List<string>();
        await foreach (var item in store.ListAsync($"{FolderOf(dataset.Id, dataset.Generation)}versions/", cancellationToken: cancellationToken))
        {
            if (await _manifests.ReadAsync<DatasetVersion>(item.Key, cancellationToken) is { } version) objects.Add(version.DataObject);
        }
        var folders = dataset.Generation is null ? [$"{Prefix}{dataset.Id}/versions/"] : new[] { FolderOf(dataset.Id, dataset.Generation) };
        await tombstones.DeleteAsync($"datasets/{dataset.Id}/{dataset.Generation ?? "ungenerated"}", ManifestKey(dataset.Id), dataset.Generation, folders, objects,
            () => store.DeleteAsync(ManifestKey(dataset.Id), CancellationToken.None));
    }
}
