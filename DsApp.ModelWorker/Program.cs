using DsApp.ModelWorker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceOpenApi();
builder.AddModelWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewayOnlyAccess();
app.UseHeavyRequestHandoff();
app.UseRequestDecoding();
app.MapServiceOpenApi();
app.MapModelWorkerApi();

app.Run();
