using System.Globalization;
using System.Security.Cryptography;
using DsApp.Platform.Paging;
using DsApp.Platform.Records;
using DsApp.Platform.Storage;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// The model registry in the object store. <c>models/{name}/model.json</c> makes a model visible and names its generation;
/// its versions live under <c>models/{name}/{generation}/versions/{v}/</c>: the model file (a new key each time one is
/// written) before <c>version.json</c>, which makes the version visible (commit-last). Manifests are written only over what
/// was read (<see cref="ManifestStore"/>); writes go through <see cref="ModelCommands"/>.
/// </summary>
public sealed class ModelRegistry(IObjectStore store, Tombstones tombstones)
{
    public const string Prefix = "models/";
    public const string ManifestName = "model.json";
    public const string VersionManifestName = "version.json";
    public const string LegacyArtifactName = "model.zip";

    private readonly ManifestStore _manifests = new(store, RegistryJson.Options);

    public Task<Page<Model>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ManifestPager.ReadPageAsync<Model>(store, Prefix, ManifestName, page, RegistryJson.Options, cancellationToken);

    public Task<Model?> GetAsync(string name, CancellationToken cancellationToken) =>
        _manifests.ReadAsync<Model>(ModelKey(name), cancellationToken);

    public Task<Versioned<Model>?> GetWithEtagAsync(string name, CancellationToken cancellationToken) =>
        _manifests.GetAsync<Model>(ModelKey(name), cancellationToken);

    /// <summary>Writes the manifest with a fresh etag and update time over what was read (created when <paramref name="read"/> is null); null when it changed since.</summary>
    public async Task<Model?> WriteAsync(Model model, Versioned<Model>? read, CancellationToken cancellationToken)
    {
        var saved = model with { Etag = NewEtag(), UpdatedAt = DateTimeOffset.UtcNow };
        return await _manifests.WriteOverAsync(ModelKey(model.Name), saved, read, cancellationToken) ? saved : null;
    }

    /// <summary>Hides the model (its manifest), then removes its versions, artifacts and captures behind a tombstone.</summary>
    public Task DeleteAsync(Model model) =>
        tombstones.DeleteAsync($"models/{model.Name}/{model.Generation ?? "ungenerated"}", ModelKey(model.Name), model.Generation,
            model.Generation is null ? [VersionsPrefix(model), $"captures/{model.Name}/"] : [$"{Prefix}{model.Folder}/", $"captures/{model.Folder}/"], [],
            () => store.DeleteAsync(ModelKey(model.Name), CancellationToken.None));

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(Model model, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        await foreach (var item in store.ListAsync(VersionsPrefix(model), cancellationToken: cancellationToken))
        {
            if (!item.Key.EndsWith("/" + VersionManifestName, StringComparison.Ordinal)) continue;
            var version = await _manifests.ReadAsync<ModelVersion>(item.Key, cancellationToken);
            if (version is not null) versions.Add(version);
        }
        versions.Sort((a, b) => a.Version.CompareTo(b.Version));
        return versions;
    }

    public Task<ModelVersion?> GetVersionAsync(Model model, int version, CancellationToken cancellationToken) =>
        _manifests.ReadAsync<ModelVersion>(VersionKey(model, version), cancellationToken);

    public Task<Versioned<ModelVersion>?> GetVersionWithEtagAsync(Model model, int version, CancellationToken cancellationToken) =>
        _manifests.GetAsync<ModelVersion>(VersionKey(model, version), cancellationToken);

    /// <summary>Writes a version's manifest over what was read, or only where there is none; false when it changed since.</summary>
    public Task<bool> WriteVersionAsync(Model model, ModelVersion version, Versioned<ModelVersion>? read, CancellationToken cancellationToken) =>
        _manifests.WriteOverAsync(VersionKey(model, version.Version), version, read, cancellationToken);

    /// <summary>Stores a model file under a key of its own (before a manifest names it); returns the key and size.</summary>
    /// <param name="runtime">What the file is for: it names the key's extension and the stored media type (<c>.zip</c>, <c>.onnx</c>).</param>
    public async Task<(string Key, long Size)> PutArtifactAsync(Model model, int version, Stream content, CancellationToken cancellationToken,
        ModelRuntime runtime = ModelRuntime.Mlnet)
    {
        var (extension, mediaType) = runtime == ModelRuntime.Onnx ? ("onnx", ModelFileFormat.Onnx) : ("zip", ModelFileFormat.Zip);
        var key = $"{VersionFolder(model, version)}model-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.{extension}";
        await store.PutAsync(key, content, mediaType, cancellationToken);
        return (key, (await store.HeadAsync(key, cancellationToken))?.Size ?? 0);
    }

    public Task<Stream?> OpenArtifactAsync(Model model, ModelVersion version, CancellationToken cancellationToken) =>
        store.GetAsync(ArtifactKey(model, version), cancellationToken);

    /// <summary>The key of a version's model file, unique to that file: what a loaded model is known by.</summary>
    public static string ArtifactKey(Model model, ModelVersion version) => version.Artifact ?? $"{VersionFolder(model, version.Version)}{LegacyArtifactName}";

    /// <summary>Removes the version's manifest, then its folder, behind a tombstone.</summary>
    public Task DeleteVersionAsync(Model model, int version) =>
        tombstones.DeleteAsync($"models/{model.Folder}/v{version.ToString(CultureInfo.InvariantCulture)}", VersionKey(model, version), null, [VersionFolder(model, version)], [],
            () => store.DeleteAsync(VersionKey(model, version), CancellationToken.None));

    /// <summary>Removes a model file that no manifest names (a commit that lost, or failed).</summary>
    public Task RemoveArtifactAsync(string key) => store.DeleteAsync(key, CancellationToken.None);

    public static string VersionFolder(Model model, int version) => $"{VersionsPrefix(model)}{version.ToString(CultureInfo.InvariantCulture)}/";

    private static string ModelKey(string name) => $"{Prefix}{name}/{ManifestName}";
    private static string VersionsPrefix(Model model) => $"{Prefix}{model.Folder}/versions/";
    private static string VersionKey(Model model, int version) => $"{VersionFolder(model, version)}{VersionManifestName}";

    private static string NewEtag() => Guid.NewGuid().ToString("N")[..16];
}
