using System.Diagnostics.Metrics;

namespace DsApp.Api.Telemetry;

/// <summary>The gateway's own instruments on the <c>DsApp.Api</c> meter.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "DsApp.Api";

    private readonly Counter<long> _rejections;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>("dsapp.gateway.rejections", unit: "{request}",
            description: "Requests the gateway refused, by reason: auth, rate-limit, size, validation.");
    }

    public void Rejected(RejectionReason reason) =>
        _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            RejectionReason.Auth => "auth",
            RejectionReason.RateLimit => "rate-limit",
            RejectionReason.Size => "size",
            _ => "validation",
        }));
}
