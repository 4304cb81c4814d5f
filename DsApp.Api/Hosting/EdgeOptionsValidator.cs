using System.Net;
using Microsoft.Extensions.Options;

namespace DsApp.Api.Hosting;

/// <summary>Refuses at start what the edge could not apply: a wildcard origin outside Development, a malformed origin, proxy or network.</summary>
public sealed class EdgeOptionsValidator(IHostEnvironment environment) : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions settings)
    {
        var failures = new List<string>();
        var origins = settings.Cors.Origins();
        if (origins.Contains("*") && !environment.IsDevelopment())
            failures.Add("Gateway:Cors:AllowedOrigins may hold '*' only in Development; list the origins instead.");
        foreach (var origin in origins.Where(o => o != "*" && !Uri.TryCreate(o, UriKind.Absolute, out _)))
            failures.Add($"Gateway:Cors:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port]).");
        foreach (var proxy in settings.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            failures.Add($"Gateway:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
        foreach (var network in settings.ForwardedHeaders.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            failures.Add($"Gateway:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
