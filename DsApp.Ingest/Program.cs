using DsApp.Ingest;
using DsApp.Ingest.Datasets;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDatasetsApi();

app.Run();
