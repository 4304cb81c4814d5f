using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DsApp.ServiceDefaults.Telemetry;

/// <summary>
/// The service's own ActivitySource and Meter, both named after the service (<c>DsApp.Ingest</c>, …)
/// as the telemetry contract asks; OpenTelemetry is set up to listen to exactly these names.
/// </summary>
public sealed class ServiceTelemetry : IDisposable
{
    public ServiceTelemetry(string serviceName, IMeterFactory meters)
    {
        ActivitySource = new ActivitySource(serviceName);
        Meter = meters.Create(serviceName);
    }

    public ActivitySource ActivitySource { get; }
    public Meter Meter { get; }

    public void Dispose() => ActivitySource.Dispose();
}
