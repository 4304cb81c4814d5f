using System.Text.Json;
using DsApp.ServiceDefaults.Paging;
using DsApp.ServiceDefaults.Storage;

namespace DsApp.Ingest.Datasets;

/// <summary>Where datasets live in the object store: <c>datasets/{id}/dataset.json</c> is the manifest that makes a dataset visible.</summary>
public sealed class DatasetStore(IObjectStore store)
{
    public const string Prefix = "datasets/";
    public const string ManifestName = "dataset.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Page<Dataset>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ManifestPager.ReadPageAsync<Dataset>(store, Prefix, ManifestName, page, Json, cancellationToken);
}
