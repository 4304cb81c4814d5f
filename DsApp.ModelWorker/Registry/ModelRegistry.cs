using System.Text.Json;
using DsApp.ServiceDefaults.Paging;
using DsApp.ServiceDefaults.Storage;

namespace DsApp.ModelWorker.Registry;

/// <summary>The model registry in the object store: <c>models/{name}/model.json</c> is the manifest that makes a model visible.</summary>
public sealed class ModelRegistry(IObjectStore store)
{
    public const string Prefix = "models/";
    public const string ManifestName = "model.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Page<Model>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ManifestPager.ReadPageAsync<Model>(store, Prefix, ManifestName, page, Json, cancellationToken);
}
