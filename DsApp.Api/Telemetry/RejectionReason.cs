namespace DsApp.Api.Telemetry;

public enum RejectionReason
{
    Auth,
    RateLimit,
    Size,
    Validation,
}
