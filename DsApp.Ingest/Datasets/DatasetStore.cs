using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using DsApp.ServiceDefaults.Paging;
using DsApp.ServiceDefaults.Storage;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// Where datasets live in the object store. Everything a dataset owns is under <c>datasets/{id}/</c>:
/// <c>data/{upload}.csv</c> (the data of a version), <c>versions/{n:D6}.json</c> (a version's
/// manifest) and <c>dataset.json</c>, the manifest that makes the dataset visible, written last.
/// </summary>
public sealed class DatasetStore(IObjectStore store)
{
    public const string Prefix = "datasets/";
    public const string ManifestName = "dataset.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);


    public IObjectStore Objects => store;

    public static string FolderOf(string id) => $"{Prefix}{id}/";
    public static string ManifestKey(string id) => $"{Prefix}{id}/{ManifestName}";
    public static string VersionKey(string id, int version) => $"{Prefix}{id}/versions/{version:D6}.json";

    /// <summary>A fresh key for an upload's data; the version number is known only when it commits.</summary>
    public static string NewDataKey(string id) =>
        $"{Prefix}{id}/data/{DateTimeOffset.UtcNow:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.csv";

    public static string NewEtag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public Task<Page<Dataset>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ManifestPager.ReadPageAsync<Dataset>(store, Prefix, ManifestName, page, Json, cancellationToken);

    public Task<Dataset?> GetAsync(string id, CancellationToken cancellationToken) => ReadAsync<Dataset>(ManifestKey(id), cancellationToken);

    public Task<DatasetVersion?> GetVersionAsync(string id, int version, CancellationToken cancellationToken) =>
        ReadAsync<DatasetVersion>(VersionKey(id, version), cancellationToken);

    public async IAsyncEnumerable<DatasetVersion> ListVersionsAsync(string id, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in store.ListAsync($"{Prefix}{id}/versions/", startAfter, cancellationToken))
        {
            if (await ReadAsync<DatasetVersion>(item.Key, cancellationToken) is { } version) yield return version;
        }
    }

    public Task SaveAsync(Dataset dataset, CancellationToken cancellationToken) => WriteAsync(ManifestKey(dataset.Id), dataset, cancellationToken);

    public Task SaveAsync(DatasetVersion version, CancellationToken cancellationToken) =>
        WriteAsync(VersionKey(version.DatasetId, version.Version), version, cancellationToken);

    /// <summary>Hides the dataset first (its manifest), then removes every object it owns.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(ManifestKey(id), cancellationToken)) return false;
        await store.DeletePrefixAsync(FolderOf(id), cancellationToken);
        return true;
    }

    private async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken) where T : class
    {
        await using var stream = await store.GetAsync(key, cancellationToken);
        return stream is null ? null : await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
    }

    private async Task WriteAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, Json));
        await store.PutAsync(key, body, "application/json", cancellationToken);
    }
}
