namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// The <c>Gateway</c> section as far as keys go, read by the gateway and by the services behind it:
/// the keys clients present, and the secret the gateway proves itself with to the services.
/// </summary>
public sealed class GatewaySecurityOptions
{
    public const string Section = "Gateway";

    /// <summary>Keys by name (<c>Gateway:ApiKeys:&lt;name&gt;:Hash</c>, <c>:Role</c>). Two keys of one role may be valid at once: that is how a key is rotated.</summary>
    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sent by the gateway (and between services) in <see cref="InternalCall.Header"/>; a service behind the gateway accepts a call that carries it.</summary>
    public string? InternalSecret { get; set; }
}
