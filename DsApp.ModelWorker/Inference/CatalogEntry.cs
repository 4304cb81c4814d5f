using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.Inference;

/// <summary>A model and its versions as this replica currently serves them.</summary>
public sealed record CatalogEntry(Model Model, IReadOnlyList<ModelVersion> Versions, DateTime FetchedAt);
