using System.Text.Json;
using System.Text.Json.Nodes;
using DsApp.Api.Routing;
using DsApp.Api.Security;
using DsApp.ServiceDefaults;
using DsApp.ServiceDefaults.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace DsApp.Api.OpenApi;

/// <summary>
/// The one public document: the gateway's own endpoints and every service's, merged and decorated.
/// Built on demand and kept a minute (a few seconds when a service did not answer, so it fills in soon).
/// </summary>
public sealed class GatewayDocument(
    ServiceDocumentClient services,
    [FromKeyedServices(GatewayDocument.OwnDocumentName)] IOpenApiDocumentProvider own,
    ServiceIdentity identity,
    IOptions<BodyLimitOptions> bodyLimits,
    TimeProvider clock,
    ILogger<GatewayDocument> logger)
{
    public const string OwnDocumentName = "gateway";
    public static readonly TimeSpan CompleteLifetime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan IncompleteLifetime = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly SemaphoreSlim _building = new(1, 1);
    private (byte[] Json, DateTimeOffset Expires)? _current;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && current.Expires > clock.GetUtcNow()) return current.Json;
        await _building.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && fresh.Expires > clock.GetUtcNow()) return fresh.Json;
            var (document, unavailable) = await BuildAsync(cancellationToken);
            var json = JsonSerializer.SerializeToUtf8Bytes(document, Indented);
            _current = (json, clock.GetUtcNow() + (unavailable.Count == 0 ? CompleteLifetime : IncompleteLifetime));
            return json;
        }
        finally
        {
            _building.Release();
        }
    }

    public async Task<(JsonObject Document, IReadOnlyCollection<string> Unavailable)> BuildAsync(CancellationToken cancellationToken)
    {
        var gateway = JsonNode.Parse(await (await own.GetOpenApiDocumentAsync(cancellationToken)).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject();
        var names = BackendServices.PathsByService.Keys.ToArray();
        var fetched = await Task.WhenAll(names.Select(name => services.FetchAsync(name, cancellationToken)));
        var unavailable = names.Where((_, i) => fetched[i] is null).ToArray();
        var sources = new List<(string, JsonObject)> { ("gateway", gateway) };
        sources.AddRange(names.Select((name, i) => (name, fetched[i])).Where(s => s.Item2 is not null).Select(s => (s.name, s.Item2!)));
        var merged = OpenApiMerger.Merge(sources, logger);
        return (ContractDecorator.Decorate(merged, identity.Version, unavailable, bodyLimits.Value), unavailable);
    }
}
