namespace DsApp.AppHost.Cache;

/// <summary>
/// Decides, before anything starts, which Redis the app gets; fails at once with what to install
/// rather than leaving the services waiting on a Redis that will never come.
/// </summary>
public static class CacheModeResolver
{
    public const string InstallHint =
        "Install Redis (Debian/Ubuntu: 'sudo apt-get install redis-server'; macOS: 'brew install redis') " +
        "or a container runtime that can pull images (Docker, Podman), or set Cache:Mode=external with ConnectionStrings:cache.";

    /// <param name="requested">The configured mode.</param>
    /// <param name="containerRuntimeCanRunRedis">Asked only when the answer matters (it may take seconds).</param>
    /// <param name="redisServerPath">The <c>redis-server</c> found on the PATH, if any.</param>
    /// <param name="externalConnectionString">The configured <c>ConnectionStrings:cache</c>, if any.</param>
    public static CacheMode Resolve(CacheMode requested, Func<bool> containerRuntimeCanRunRedis, string? redisServerPath, string? externalConnectionString)
    {
        switch (requested)
        {
            case CacheMode.External when string.IsNullOrWhiteSpace(externalConnectionString):
                throw new CacheUnavailableException("Cache:Mode is 'external' but ConnectionStrings:cache is empty. Set it to the Redis server's address (host:port[,password=...]).");
            case CacheMode.Local when redisServerPath is null:
                throw new CacheUnavailableException($"Cache:Mode is 'local' but no redis-server is on the PATH. {InstallHint}");
            case CacheMode.Container when !containerRuntimeCanRunRedis():
                throw new CacheUnavailableException($"Cache:Mode is 'container' but no container runtime here can start the Redis image. {InstallHint}");
            case CacheMode.Auto:
                if (containerRuntimeCanRunRedis()) return CacheMode.Container;
                if (redisServerPath is not null) return CacheMode.Local;
                throw new CacheUnavailableException($"No Redis for the cache: no usable container runtime and no redis-server on the PATH. {InstallHint}");
            default:
                return requested;
        }
    }
}
