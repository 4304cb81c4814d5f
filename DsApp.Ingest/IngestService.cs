namespace DsApp.Ingest;

/// <summary>Names this service's assembly for in-process test hosts (<c>WebApplicationFactory&lt;IngestService&gt;</c>).</summary>
public sealed class IngestService;
