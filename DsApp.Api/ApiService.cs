namespace DsApp.Api;

/// <summary>Names this service's assembly for in-process test hosts (<c>WebApplicationFactory&lt;ApiService&gt;</c>).</summary>
public sealed class ApiService;
