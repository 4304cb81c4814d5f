using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults.Security;

/// <summary>
/// Adds the internal secret to calls addressed to another service of the app by its service-discovery
/// name (<c>http://ingest</c>, …, the names under <c>services:</c> in configuration), and to no other host.
/// Runs before service discovery rewrites the address.
/// </summary>
public sealed class InternalCallHandler(IOptions<GatewaySecurityOptions> options, IConfiguration configuration) : DelegatingHandler
{
    private readonly HashSet<string> _services = configuration.GetSection("services").GetChildren()
        .Select(service => service.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.InternalSecret is { Length: > 0 } secret && request.RequestUri is { } uri && _services.Contains(uri.Host))
        {
            request.Headers.Remove(InternalCall.Header);
            request.Headers.TryAddWithoutValidation(InternalCall.Header, secret);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
