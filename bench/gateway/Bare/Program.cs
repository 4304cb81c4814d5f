using Yarp.ReverseProxy.Configuration;

// Usage: dotnet Bare.dll <upstream base URL>, listening where ASPNETCORE_URLS says.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = args[0] } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
