using DsApp.ModelWorker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModelWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapModelWorkerApi();

app.Run();
