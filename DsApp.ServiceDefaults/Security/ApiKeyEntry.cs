namespace DsApp.ServiceDefaults.Security;

/// <summary>One configured key (<c>Gateway:ApiKeys:&lt;name&gt;</c>): the SHA-256 of the key in hex, never the key itself, and its role.</summary>
public sealed class ApiKeyEntry
{
    public string? Hash { get; set; }
    public string? Role { get; set; }
}
