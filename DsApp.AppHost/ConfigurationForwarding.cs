using Microsoft.Extensions.Configuration;

namespace DsApp.AppHost;

public static class ConfigurationForwarding
{
    /// <summary>
    /// Hands a section of the AppHost's configuration to a service as environment variables
    /// (<c>Section__Key__Sub</c>), so one setting given to the AppHost reaches every service that reads it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithConfigurationSection(this IResourceBuilder<ProjectResource> service,
        IConfiguration configuration, string section, params string[] except)
    {
        foreach (var (key, value) in Flatten(configuration.GetSection(section), section, except))
            service.WithEnvironment(key, value);
        return service;
    }

    private static IEnumerable<(string Key, string Value)> Flatten(IConfigurationSection section, string prefix, string[] except) =>
        section.GetChildren()
            .Where(child => !except.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(child => child.Value is { } value
                ? [($"{prefix}__{child.Key}", value)]
                : Flatten(child, $"{prefix}__{child.Key}", []));
}
