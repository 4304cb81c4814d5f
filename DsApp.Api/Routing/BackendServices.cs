namespace DsApp.Api.Routing;

/// <summary>The services behind the gateway and the public paths each one owns, as the API contract assigns them.</summary>
public static class BackendServices
{
    public const string Ingest = "ingest";
    public const string ModelWorker = "modelworker";

    public static readonly IReadOnlyDictionary<string, string[]> PathsByService = new Dictionary<string, string[]>
    {
        [Ingest] = ["/api/datasets", "/api/samples"],
        [ModelWorker] = ["/api/models", "/api/jobs", "/v2"],
    };

    /// <summary>The address service discovery resolves (<c>services:{name}:http</c> in configuration).</summary>
    public static string AddressOf(string service) => $"http://{service}";
}
