namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>OTLP's Span.SpanKind values.</summary>
public static class SpanKinds
{
    public const int Internal = 1;
    public const int Server = 2;
    public const int Client = 3;
    public const int Producer = 4;
    public const int Consumer = 5;
}
