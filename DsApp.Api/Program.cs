using DsApp.Api;
using DsApp.Api.Info;
using DsApp.Api.Routing;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInfoApi();
app.MapServiceRoutes();

app.Run();
