namespace DsApp.AppHost;

public static class SocketThreadConfiguration
{
    /// <summary>
    /// Starts the service with its requests served on the socket threads that read them (the runtime's
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, which Kestrel follows: DsApp.ServiceDefaults
    /// <c>SocketThreadScheduling</c>) when <c>InlineSockets:{service}</c> in the AppHost's configuration says so, or by
    /// default when <paramref name="byDefault"/>. The model workers do by default: a prediction is short, and no idle
    /// pool thread then spins for work beside it. The gateway keeps the thread pool, whose spinning threads take its
    /// next request and the worker's answer sooner (docs/benchmarks.md, the latency tail).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInlineSockets(
        this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder, string settingName, bool byDefault)
    {
        var key = $"InlineSockets:{settingName}";
        return InlineSocketsRequested(key, builder.Configuration[key], byDefault)
            ? service.WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1")
            : service;
    }

    private static bool InlineSocketsRequested(string key, string? value, bool byDefault) => value switch
    {
        null or "" => byDefault,
        _ when bool.TryParse(value, out var requested) => requested,
        _ => throw new InvalidOperationException($"{key} must be true or false; it is '{value}'."),
    };
}
