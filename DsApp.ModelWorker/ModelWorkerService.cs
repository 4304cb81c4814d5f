namespace DsApp.ModelWorker;

/// <summary>Names this service's assembly for in-process test hosts (<c>WebApplicationFactory&lt;ModelWorkerService&gt;</c>).</summary>
public sealed class ModelWorkerService;
