using DsApp.ModelWorker;
using DsApp.ModelWorker.Registry;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceOpenApi();
builder.AddModelWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewayOnlyAccess();
app.MapServiceOpenApi();
app.MapModelsApi();

app.Run();
