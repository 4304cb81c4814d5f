using DsApp.ModelWorker;
using DsApp.ModelWorker.Registry;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapModelsApi();

app.Run();
