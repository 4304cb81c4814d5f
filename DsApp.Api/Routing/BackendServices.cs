using DsApp.Api.Endpoints;
namespace DsApp.Api.Routing;

/// <summary>The services behind the gateway and the public paths each one owns (declared in <see cref="EndpointTable"/>).</summary>
public static class BackendServices
{
    public const string Ingest = EndpointTable.Ingest;
    public const string ModelWorker = EndpointTable.ModelWorker;

    /// <summary>The prefixes each service owns, from <see cref="EndpointTable.Prefixes"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PathsByService = EndpointTable.Prefixes
        .GroupBy(p => p.Owner)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Prefix).ToArray());

    /// <summary>The address service discovery resolves (<c>services:{name}:http</c> in configuration).</summary>
    public static string AddressOf(string service) => $"http://{service}";
}
