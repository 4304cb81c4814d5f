namespace DsApp.Api.Info;

/// <summary>The body of <c>GET /info</c>, field for field as the contract lists it.</summary>
public sealed record GatewayInfo(
    string Platform,
    string Title,
    string Version,
    string DocsUrl,
    string Environment,
    IReadOnlyList<ServiceStatus> Services);
