namespace DsApp.AppHost.Cache;

/// <summary>Where the <c>cache</c> Redis comes from (<c>Cache:Mode</c>).</summary>
public enum CacheMode
{
    /// <summary>A container where a runtime can really start one, else <see cref="Local"/>.</summary>
    Auto,
    Container,
    /// <summary>Debian's <c>redis-server</c> from the PATH, run as an executable.</summary>
    Local,
    /// <summary>An existing server named by <c>ConnectionStrings:cache</c>.</summary>
    External,
}
