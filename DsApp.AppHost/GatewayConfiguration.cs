using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace DsApp.AppHost;

public static class GatewayConfiguration
{
    public const string AdminKeyParameter = "admin-key";
    public const string InternalSecretParameter = "internal-secret";

    /// <summary>
    /// The admin key: a secret parameter (shown on the dashboard), generated once and kept in the
    /// AppHost's user secrets unless given (<c>Parameters:admin-key</c>, which run.sh sets from DSAPP_ADMIN_KEY).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddAdminKey(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(AdminKeyParameter, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
            .WithDescription("The admin API key for the gateway: send it as 'X-Api-Key: <key>'.");

    /// <summary>The secret the gateway adds to the calls it forwards; the services refuse calls without it (or a key).</summary>
    public static IResourceBuilder<ParameterResource> AddInternalSecret(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(InternalSecretParameter, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

    /// <summary>
    /// Gives a service the hash of the admin key (never the key), the internal secret, and the
    /// AppHost's own <c>Gateway</c> section (more keys, rate limits, CORS, proxies) as environment variables.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGatewaySecurity(this IResourceBuilder<ProjectResource> service,
        IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> adminKey, IResourceBuilder<ParameterResource> internalSecret)
    {
        service.WithConfigurationSection(builder.Configuration, "Gateway");
        service.WithEnvironment("Gateway__InternalSecret", internalSecret);
        service.WithEnvironment("Gateway__ApiKeys__admin__Role", "admin");
        return service.WithEnvironment(async context =>
        {
            var key = await adminKey.Resource.GetValueAsync(context.CancellationToken) ?? throw new InvalidOperationException("the admin key has no value");
            context.EnvironmentVariables["Gateway__ApiKeys__admin__Hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        });
    }
}
