namespace DsApp.AppHost;

public static class SocketThreadConfiguration
{
    /// <summary>
    /// Starts the service with its requests served on the socket threads that read them (the runtime's
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, which Kestrel follows: DsApp.ServiceDefaults
    /// <c>SocketThreadScheduling</c>). For the gateway and the model workers, whose requests are short; ingest parses
    /// uploads and keeps the thread pool. <c>InlineSockets=false</c> in the AppHost's configuration turns it off.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInlineSockets(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder) =>
        builder.Configuration["InlineSockets"] is "false" or "False"
            ? service
            : service.WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}
