namespace DsApp.AppHost.Cache;

/// <summary>Debian's <c>redis-server</c> run as an executable, for machines with no container runtime.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
