using Microsoft.Extensions.Configuration;

namespace DsApp.AppHost;

public static class StorageConfiguration
{
    /// <summary>
    /// Hands the AppHost's <c>Storage</c> section (and <c>Records</c>, how the store of record looks after itself) to a
    /// service as environment variables. The local folder defaults to <c>.data/store</c> at the repository's root, which git ignores.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStorage(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Storage");
        var defaultPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "store"));
        service.WithEnvironment("Storage__Path", section["Path"] is { Length: > 0 } path ? Path.GetFullPath(path, builder.AppHostDirectory) : defaultPath);
        service.WithConfigurationSection(builder.Configuration, "Storage", except: "Path");
        service.WithConfigurationSection(builder.Configuration, "Records");
        // Credentials for an S3-compatible endpoint, when the AppHost was given them.
        foreach (var variable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION" })
        {
            if (builder.Configuration[variable] is { Length: > 0 } value) service.WithEnvironment(variable, value);
        }
        return service;
    }
}
