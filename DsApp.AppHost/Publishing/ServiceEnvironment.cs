using System.Globalization;
using System.Text.RegularExpressions;

namespace DsApp.AppHost.Publishing;

/// <summary>
/// Reads a service's environment from the app model, as the AppHost would hand it over, and turns it
/// into what the service needs in a container next to the others: references to other services become
/// their compose names on port 8080, the cache becomes the ElastiCache parameter, secrets become names.
/// </summary>
public static partial class ServiceEnvironment
{
    public const int ContainerPort = 8080;

    /// <summary>Names whose values are secret even when the app model hands them over as plain strings.</summary>
    [GeneratedRegex(@"(Secret|Password|Hash|Token|ACCESS_KEY_ID|SECRET_ACCESS_KEY)(__\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>
    /// What only makes sense on the developer's machine: ports and URLs chosen by the orchestrator, the
    /// dashboard's telemetry, the local store and its credentials. The deployment sets its own. Also
    /// ASP.NET's blanket forwarded-headers switch, which would believe any sender: the gateway believes
    /// the load balancer's networks only (<c>Gateway__ForwardedHeaders__KnownNetworks</c>). The runtime's settings too,
    /// but for how a service schedules its requests, which it keeps wherever it runs (<c>SocketThreadConfiguration</c>).
    /// </summary>
    [GeneratedRegex(@"^(ASPNETCORE_FORWARDEDHEADERS_ENABLED|ASPNETCORE_URLS|ASPNETCORE_HTTPS?_PORTS|HTTPS?_PORTS|PORT|OTEL_.*|ASPIRE_.*|DOTNET_(?!SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS$).*|LOGGING__CONSOLE__.*|Storage__.*|AWS_.*|Telemetry__OtlpEndpoint)$", RegexOptions.IgnoreCase)]
    private static partial Regex LocalOnlyName();

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    public static async Task<IReadOnlyList<EnvironmentProperty>> ReadAsync(
        IResourceWithEnvironment service, DistributedApplicationExecutionContext executionContext, string cacheName, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(executionContext, service, variables, cancellationToken);
        foreach (var callback in service.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var properties = new List<EnvironmentProperty>();
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (LocalOnlyName().IsMatch(name)) continue;
            if (IsSecretName(name) || IsSecret(value))
            {
                properties.Add(EnvironmentProperty.Secret(name));
                continue;
            }
            properties.Add(EnvironmentProperty.Plain(name, Render(name, value, cacheName)));
        }
        return properties;
    }

    private static bool IsSecret(object value) => value switch
    {
        ParameterResource parameter => parameter.Secret,
        ReferenceExpression expression => expression.ValueProviders.Any(IsSecret),
        _ => false,
    };

    /// <summary>The value in the deployment: the cache's own value is filled in by the bundle (see <see cref="ElasticBeanstalkBundle"/>).</summary>
    private static string Render(string name, object value, string cacheName) => value switch
    {
        string text => text,
        EndpointReference endpoint => $"http://{endpoint.Resource.Name}:{ContainerPort}",
        EndpointReferenceExpression property => RenderProperty(property),
        ConnectionStringReference reference when reference.Resource.Name == cacheName => ElasticBeanstalkBundle.CacheValueMarker,
        IResourceWithConnectionString resource when resource.Name == cacheName => ElasticBeanstalkBundle.CacheValueMarker,
        ParameterResource parameter => parameter.ValueExpression,
        ReferenceExpression expression => string.Format(CultureInfo.InvariantCulture, expression.Format,
            expression.ValueProviders.Select(provider => (object)Render(name, provider, cacheName)).ToArray()),
        _ => throw new InvalidOperationException(
            $"{name}: the publisher does not know how to carry a {value.GetType().Name} into the Elastic Beanstalk bundle."),
    };

    private static string RenderProperty(EndpointReferenceExpression property)
    {
        var host = property.Endpoint.Resource.Name;
        return property.Property switch
        {
            EndpointProperty.Url => $"http://{host}:{ContainerPort}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port or EndpointProperty.TargetPort => ContainerPort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => "http",
            EndpointProperty.HostAndPort => $"{host}:{ContainerPort}",
            _ => throw new InvalidOperationException($"Endpoint property {property.Property} of {host} has no meaning in the bundle."),
        };
    }
}
