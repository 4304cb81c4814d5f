using System.Text.Json.Nodes;
using DsApp.Api.Routing;

namespace DsApp.Api.OpenApi;

/// <summary>Fetches a service's own OpenAPI document (<c>/openapi/service.json</c>) through service discovery, proving the call internal.</summary>
public sealed class ServiceDocumentClient(HttpClient http, ILogger<ServiceDocumentClient> logger)
{
    public const string ClientName = "service-openapi";

    public async Task<JsonObject?> FetchAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await http.GetStreamAsync($"{BackendServices.AddressOf(service)}{Microsoft.Extensions.Hosting.ServiceOpenApiExtensions.DocumentPath}", cancellationToken);
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Service {Service} did not give its OpenAPI document: {Reason}", service, e.Message);
            return null;
        }
    }
}
