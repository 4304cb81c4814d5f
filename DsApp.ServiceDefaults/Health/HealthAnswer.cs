namespace DsApp.ServiceDefaults.Health;

/// <summary>The body of <c>/health</c> and <c>/alive</c>.</summary>
public sealed record HealthAnswer(string Service, string Version, string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);

public sealed record HealthCheckAnswer(string Status, string? Description);
