using System.Net;
using System.Net.Sockets;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

// Usage: dotnet Bare.dll <upstream base URL> [unix socket path], listening where ASPNETCORE_URLS says.
// BARE_HTTP2=1 speaks HTTP/2 (prior knowledge) to the upstream; a socket path connects through that Unix socket.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
// As DsApp's gateway and worker do when the runtime's inline socket completions are on: requests run on the socket thread.
builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1");
var http2 = Environment.GetEnvironmentVariable("BARE_HTTP2") == "1";
var socketPath = args.Length > 1 ? args[1] : null;
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig
    {
        ClusterId = "upstream",
        Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = args[0] } },
        HttpRequest = http2 ? new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact } : null,
    }])
    .ConfigureHttpClient((_, handler) =>
    {
        if (socketPath is null) return;
        handler.ConnectCallback = async (_, cancel) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
            return new NetworkStream(socket, ownsSocket: true);
        };
    });
var app = builder.Build();
app.MapReverseProxy();
app.Run();
