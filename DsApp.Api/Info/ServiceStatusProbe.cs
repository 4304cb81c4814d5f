using System.Net.Http.Json;
using DsApp.Api.Routing;
using DsApp.ServiceDefaults.Health;

namespace DsApp.Api.Info;

/// <summary>Asks each service behind the gateway for its <c>/health</c>, which names its version and readiness.</summary>
public sealed class ServiceStatusProbe(HttpClient http, ILogger<ServiceStatusProbe> logger)
{
    public const string ClientName = "service-health";

    public Task<ServiceStatus[]> ProbeAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(BackendServices.PathsByService.Keys.Select(service => ProbeAsync(service, cancellationToken)));

    public async Task<ServiceStatus> ProbeAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{BackendServices.AddressOf(service)}{Microsoft.Extensions.Hosting.Extensions.HealthPath}", cancellationToken);
            var answer = await response.Content.ReadFromJsonAsync(HealthJsonContext.Default.HealthAnswer, cancellationToken);
            var status = response.IsSuccessStatusCode ? ServiceStatus.Healthy : ServiceStatus.Unhealthy;
            return new ServiceStatus(service, answer?.Version, status);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Service {Service} did not answer its health check: {Reason}", service, e.Message);
            return new ServiceStatus(service, null, ServiceStatus.Down);
        }
    }
}
