using System.Net.Http.Json;
using DsApp.Api.Hosting;
using DsApp.Api.Routing;
using DsApp.ServiceDefaults.Health;

namespace DsApp.Api.Info;

/// <summary>Asks each service behind the gateway for its <c>/health</c>, which names its version and readiness.</summary>
public sealed class ServiceStatusProbe(HttpClient http, ILogger<ServiceStatusProbe> logger)
{
    public const string ClientName = "service-health";

    /// <summary>
    /// Longer than a service takes to give up on its own checks (<see cref="HealthCheckTimeouts.Default"/>), so a
    /// service that answers late is reported unhealthy with its reason rather than down; short enough that the
    /// gateway's <c>/health</c> answers within a load balancer's 5 s.
    /// </summary>
    public static readonly TimeSpan Timeout = HealthCheckTimeouts.Default + TimeSpan.FromSeconds(1);

    /// <summary>
    /// One plain attempt, without the defaults' resilience handler: a 503 is an answer, not a failure to retry,
    /// and the next probe is the retry.
    /// </summary>
    public static void Register(IServiceCollection services) =>
        services.AddHttpClient<ServiceStatusProbe>(ClientName, client => client.Timeout = Timeout).WithoutDefaultResilience();

    public Task<ServiceStatus[]> ProbeAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(BackendServices.PathsByService.Keys.Select(service => ProbeAsync(service, cancellationToken)));

    public async Task<ServiceStatus> ProbeAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{BackendServices.AddressOf(service)}{Microsoft.Extensions.Hosting.Extensions.HealthPath}", cancellationToken);
            var answer = await response.Content.ReadFromJsonAsync(HealthJsonContext.Default.HealthAnswer, cancellationToken);
            var status = !response.IsSuccessStatusCode ? ServiceStatus.Unhealthy
                : answer?.Status == ServiceStatus.Degraded ? ServiceStatus.Degraded
                : ServiceStatus.Healthy;
            return new ServiceStatus(service, answer?.Version, status);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Service {Service} did not answer its health check: {Reason}", service, e.Message);
            return new ServiceStatus(service, null, ServiceStatus.Down);
        }
    }
}
