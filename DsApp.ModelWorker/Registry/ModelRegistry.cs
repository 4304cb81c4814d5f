using System.Globalization;
using System.Text.Json;
using DsApp.ServiceDefaults.Paging;
using DsApp.ServiceDefaults.Storage;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// The model registry in the object store. <c>models/{name}/model.json</c> makes a model visible;
/// <c>models/{name}/versions/{v}/model.zip</c> is written before <c>version.json</c>, which makes a version visible (commit-last).
/// </summary>
public sealed class ModelRegistry(IObjectStore store)
{
    public const string Prefix = "models/";
    public const string ManifestName = "model.json";
    public const string VersionManifestName = "version.json";
    public const string ArtifactName = "model.zip";

    public Task<Page<Model>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ManifestPager.ReadPageAsync<Model>(store, Prefix, ManifestName, page, RegistryJson.Options, cancellationToken);

    public Task<Model?> GetAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync<Model>(ModelKey(name), cancellationToken);

    /// <summary>Writes the manifest with a fresh etag and update time; returns what was written.</summary>
    public async Task<Model> SaveAsync(Model model, CancellationToken cancellationToken)
    {
        var saved = model with { Etag = NewEtag(), UpdatedAt = DateTimeOffset.UtcNow };
        await WriteAsync(ModelKey(model.Name), saved, cancellationToken);
        return saved;
    }

    /// <summary>Removes the manifest first (the model disappears at once), then every version and artifact.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var existed = await store.DeleteAsync(ModelKey(name), cancellationToken);
        await store.DeletePrefixAsync($"{Prefix}{name}/", cancellationToken);
        return existed;
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        await foreach (var item in store.ListAsync(VersionsPrefix(name), cancellationToken: cancellationToken))
        {
            if (!item.Key.EndsWith("/" + VersionManifestName, StringComparison.Ordinal)) continue;
            var version = await ReadAsync<ModelVersion>(item.Key, cancellationToken);
            if (version is not null) versions.Add(version);
        }
        versions.Sort((a, b) => a.Version.CompareTo(b.Version));
        return versions;
    }

    public Task<ModelVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        ReadAsync<ModelVersion>(VersionKey(name, version), cancellationToken);

    public Task SaveVersionAsync(ModelVersion version, CancellationToken cancellationToken) =>
        WriteAsync(VersionKey(version.Model, version.Version), version, cancellationToken);

    /// <summary>Stores the model file of a version (before its manifest says it is ready); returns its size.</summary>
    public async Task<long> PutArtifactAsync(string name, int version, Stream content, CancellationToken cancellationToken)
    {
        var key = ArtifactKey(name, version);
        await store.PutAsync(key, content, "application/zip", cancellationToken);
        return (await store.HeadAsync(key, cancellationToken))?.Size ?? 0;
    }

    public Task<Stream?> OpenArtifactAsync(string name, int version, CancellationToken cancellationToken) =>
        store.GetAsync(ArtifactKey(name, version), cancellationToken);

    /// <summary>Removes the manifest first, so the version is gone before its file is.</summary>
    public async Task<bool> DeleteVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        var existed = await store.DeleteAsync(VersionKey(name, version), cancellationToken);
        await store.DeletePrefixAsync($"{VersionsPrefix(name)}{version.ToString(CultureInfo.InvariantCulture)}/", cancellationToken);
        return existed;
    }

    /// <summary>The highest version number any object of the model uses, manifest or not (so a number is never reused).</summary>
    public async Task<int> HighestVersionNumberAsync(string name, CancellationToken cancellationToken)
    {
        var highest = 0;
        var prefix = VersionsPrefix(name);
        await foreach (var item in store.ListAsync(prefix, cancellationToken: cancellationToken))
        {
            var rest = item.Key.AsSpan(prefix.Length);
            var slash = rest.IndexOf('/');
            if (slash > 0 && int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                highest = Math.Max(highest, number);
        }
        return highest;
    }

    private static string ModelKey(string name) => $"{Prefix}{name}/{ManifestName}";
    private static string VersionsPrefix(string name) => $"{Prefix}{name}/versions/";
    private static string VersionKey(string name, int version) => $"{VersionsPrefix(name)}{version.ToString(CultureInfo.InvariantCulture)}/{VersionManifestName}";
    private static string ArtifactKey(string name, int version) => $"{VersionsPrefix(name)}{version.ToString(CultureInfo.InvariantCulture)}/{ArtifactName}";

    private static string NewEtag() => Guid.NewGuid().ToString("N")[..16];

    private async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken) where T : class
    {
        await using var stream = await store.GetAsync(key, cancellationToken);
        if (stream is null) return null;
        return await JsonSerializer.DeserializeAsync<T>(stream, RegistryJson.Options, cancellationToken);
    }

    private async Task WriteAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, RegistryJson.Options));
        await store.PutAsync(key, buffer, "application/json", cancellationToken);
    }
}
