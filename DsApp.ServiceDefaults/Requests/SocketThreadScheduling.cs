using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// Requests served on the thread that read them from the socket. A process started with
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> completes its socket operations on the socket threads; Kestrel
/// then runs requests there too (<see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/>). A small request
/// never hops to the thread pool, whose idle threads spin and take the CPUs from the load that has work (half the
/// worker's CPU at light load, docs/benchmarks.md). The AppHost starts the model workers so (the gateway keeps the pool,
/// whose spinning answers a lone client sooner); a service whose handlers compute for long moves them off the socket
/// thread (<see cref="HeavyRequestHandoffMiddleware"/>).
/// </summary>
public static class SocketThreadScheduling
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Read once, as the runtime reads it: the variable counts only as the process starts.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(Variable) == "1";
}
