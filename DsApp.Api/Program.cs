using DsApp.Api;
using DsApp.Api.Docs;
using DsApp.Api.Hosting;
using DsApp.Api.Info;
using DsApp.Api.OpenApi;
using DsApp.Api.Routing;
using DsApp.Api.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseGatewayEdge();
app.MapDefaultEndpoints();
app.UseCors();
app.UseGatewayAccess();
app.MapInfoApi();
app.MapGatewayOpenApi();
app.MapReferencePage();
app.MapServiceRoutes();

app.Run();
